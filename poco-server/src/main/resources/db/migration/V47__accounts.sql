-- Local accounts (issue 17, POCO_AUTH_MODE=password): users, their cookie sessions and invite codes.
-- Secrets are never stored: session tokens and invite codes as SHA-256 hex, passwords as bcrypt hashes.

CREATE TABLE users (
    id             text PRIMARY KEY,
    username       text NOT NULL,
    display_name   text NOT NULL,
    password_hash  text NOT NULL,
    role           text NOT NULL CHECK (role IN ('admin', 'member')),
    disabled       boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    last_login_at  timestamptz
);
-- usernames are unique whatever their case: "Alice" and "alice" are one account
CREATE UNIQUE INDEX users_username_ci ON users (lower(username));

CREATE TABLE user_sessions (
    token_hash    text PRIMARY KEY,
    user_id       text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    user_agent    text
);
CREATE INDEX user_sessions_user ON user_sessions (user_id);

CREATE TABLE invites (
    code_hash   text PRIMARY KEY,
    role        text NOT NULL CHECK (role IN ('admin', 'member')),
    created_by  text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_by     text REFERENCES users (id) ON DELETE SET NULL,
    used_at     timestamptz
);
