-- Poco: the runners that claim work and the schedule modes each takes, so that GET /schedules can describe
-- them on any server replica (poco's executor manager kept its pull rules in memory). A runner's row is
-- refreshed at most every 30 s while it claims, and removed when it releases its claims on stop.
CREATE TABLE runner_presence (
    worker_id      VARCHAR(255) PRIMARY KEY,
    schedule_modes JSONB,
    last_claim_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ix_runner_presence_last_claim_at ON runner_presence (last_claim_at);
