-- Personal API tokens (issue 17, part 4): sent as Authorization: Bearer poco_pat_..., shown once at creation.
-- Only a SHA-256 of the token is kept; prefix is its first characters, for lists and logs.
CREATE TABLE api_tokens (
    id            uuid PRIMARY KEY,
    user_id       text NOT NULL,
    name          text NOT NULL,
    scope         text NOT NULL CHECK (scope IN ('read', 'write')),
    token_hash    text NOT NULL UNIQUE,
    prefix        text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at DESC);
