-- Runner registration (issue 17, part 6): an admin makes a registration token (poco_reg_...), usable a number of
-- times until it expires; a runner trades it for its own credential (poco_runner_...), which an admin can revoke.
-- Only SHA-256 hashes of both are kept.
CREATE TABLE runner_registration_tokens (
    id          uuid PRIMARY KEY,
    token_hash  text NOT NULL UNIQUE,
    prefix      text NOT NULL,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    max_uses    integer NOT NULL CHECK (max_uses > 0),
    uses        integer NOT NULL DEFAULT 0,
    revoked_at  timestamptz
);

CREATE TABLE registered_runners (
    id                     uuid PRIMARY KEY,
    name                   text NOT NULL,
    host                   text,
    credential_hash        text NOT NULL UNIQUE,
    prefix                 text NOT NULL,
    registration_token_id  uuid REFERENCES runner_registration_tokens (id) ON DELETE SET NULL,
    registered_at          timestamptz NOT NULL DEFAULT now(),
    -- the worker id it claims as (runner_presence.worker_id) and when it last called, refreshed at most every 30 s
    worker_id              text,
    last_seen_at           timestamptz,
    revoked_at             timestamptz,
    revoked_by             text
);
CREATE INDEX registered_runners_worker ON registered_runners (worker_id) WHERE worker_id IS NOT NULL;
