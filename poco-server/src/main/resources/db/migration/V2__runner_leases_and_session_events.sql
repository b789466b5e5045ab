-- What Poco adds to poco's schema. New columns only; poco's names are untouched.

-- Runs: the runner proves it is alive with heartbeats; the reaper fails a running run whose
-- heartbeat is older than the configured timeout (poco had no timeout at all).
ALTER TABLE agent_runs ADD COLUMN heartbeat_at TIMESTAMPTZ;
CREATE INDEX ix_agent_runs_status_heartbeat_at ON agent_runs (status, heartbeat_at);

-- Callbacks are idempotent per run and sequence number: a replayed (run_id, seq) is dropped.
CREATE TABLE run_callback_receipts (
    run_id      UUID NOT NULL REFERENCES agent_runs (id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, seq)
);

-- Every change to a session is also an event with a per-session increasing id, written in the
-- same transaction as the change. agent_sessions.last_event_id hands out the ids.
ALTER TABLE agent_sessions ADD COLUMN last_event_id BIGINT NOT NULL DEFAULT 0;

CREATE TABLE session_events (
    session_id UUID NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    id         BIGINT NOT NULL,
    user_id    VARCHAR(255) NOT NULL,
    run_id     UUID,
    type       VARCHAR(64) NOT NULL,
    payload    JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, id)
);
CREATE INDEX ix_session_events_user_id_created_at ON session_events (user_id, created_at);
