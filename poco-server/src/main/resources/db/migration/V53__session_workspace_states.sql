-- The session's latest workspace state (issue 18): the whole workspace, git history and the agent's transcript
-- included, as the runner that ran the session last uploaded it to the BlobStore (workspaces/<user>/<session>/
-- state.tar.gz), so that the next run can continue on another runner. run_id names the run whose result it holds.
CREATE TABLE session_workspace_states (
    session_id uuid PRIMARY KEY REFERENCES agent_sessions (id) ON DELETE CASCADE,
    run_id uuid NOT NULL,
    size_bytes bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
