-- Sign-in through an OpenID Connect provider (issue 17, POCO_AUTH_MODE=oidc).

-- The provider's identity of an account: users are matched by (issuer, subject), never by e-mail, which a
-- provider may let its users change. One account may be linked to several identities (e.g. a new issuer URL).
CREATE TABLE user_identities (
    issuer         text NOT NULL,
    subject        text NOT NULL,
    user_id        text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email          text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_login_at  timestamptz,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX user_identities_user ON user_identities (user_id);

-- Sign-ins under way: between the redirect to the provider and its callback. Kept in the database, not in
-- memory, so that any replica can take the callback and a restart loses nothing. The state is stored as a
-- SHA-256 hash, as is the value of the short-lived browser cookie that binds the sign-in to the browser that
-- started it (against login CSRF); a row is deleted when its callback arrives (one use) or when it expires.
CREATE TABLE oidc_logins (
    state_hash     text PRIMARY KEY,
    browser_hash   text NOT NULL,
    nonce          text NOT NULL,
    code_verifier  text NOT NULL,
    redirect_uri   text NOT NULL,
    invite_hash    text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL
);
CREATE INDEX oidc_logins_expires ON oidc_logins (expires_at);
