-- Issue 13: the connections a run's egress gate opened or refused, as its runner reports them (NetworkEvent).
-- Append-only; a replayed (run_id, seq) is stored once. Not in poco.
CREATE TABLE run_network_events (
    id          BIGSERIAL PRIMARY KEY,
    run_id      UUID         NOT NULL REFERENCES agent_runs (id) ON DELETE CASCADE,
    session_id  UUID         NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    seq         BIGINT       NOT NULL CHECK (seq >= 1),
    host        VARCHAR(255) NOT NULL,
    port        INTEGER      NOT NULL CHECK (port BETWEEN 0 AND 65535),
    method      VARCHAR(16)  NOT NULL,
    url         TEXT,
    address     VARCHAR(64),
    allowed     BOOLEAN      NOT NULL,
    reason      TEXT         NOT NULL,
    bytes_up    BIGINT       NOT NULL CHECK (bytes_up >= 0),
    bytes_down  BIGINT       NOT NULL CHECK (bytes_down >= 0),
    started_at  TIMESTAMPTZ  NOT NULL,
    duration_ms BIGINT       NOT NULL CHECK (duration_ms >= 0),
    tool_use_id VARCHAR(255),
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (run_id, seq)
);

-- GET /sessions/{id}/network lists a session's events in arrival order
CREATE INDEX run_network_events_session ON run_network_events (session_id, id);
