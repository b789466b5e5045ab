-- Chat apps (issue 15): chats, their link to a Poco user, bound and watched sessions, one-time link codes,
-- inbound dedup, and the outbox of notifications written in the transaction of the change they announce.

CREATE TABLE im_channels (
    id                 uuid PRIMARY KEY,
    provider           text NOT NULL,
    chat_id            text NOT NULL,
    chat_type          text,
    title              text,
    user_id            text,
    linked_at          timestamptz,
    language           text CHECK (language IN ('en', 'zh')),
    active_session_id  uuid,
    last_message_at    timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (provider, chat_id)
);
CREATE INDEX im_channels_user ON im_channels (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX im_channels_active ON im_channels (active_session_id) WHERE active_session_id IS NOT NULL;

CREATE TABLE im_watches (
    channel_id  uuid NOT NULL REFERENCES im_channels (id) ON DELETE CASCADE,
    session_id  uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel_id, session_id)
);
CREATE INDEX im_watches_session ON im_watches (session_id);

-- only a SHA-256 of each code is kept: the code itself is shown once to its owner
CREATE TABLE im_link_codes (
    code_hash   text PRIMARY KEY,
    user_id     text NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE im_inbound_dedup (
    provider    text NOT NULL,
    dedup_key   text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, dedup_key)
);
CREATE INDEX im_inbound_dedup_created ON im_inbound_dedup (created_at);

-- drafts of button answers to questions with several parts (one pick per question, then submit)
CREATE TABLE im_question_drafts (
    channel_id  uuid NOT NULL REFERENCES im_channels (id) ON DELETE CASCADE,
    request_id  uuid NOT NULL,
    picks       jsonb NOT NULL DEFAULT '{}'::jsonb,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel_id, request_id)
);

CREATE TABLE im_outbox (
    id               bigserial PRIMARY KEY,
    channel_id       uuid NOT NULL REFERENCES im_channels (id) ON DELETE CASCADE,
    event_key        text NOT NULL,
    event_type       text NOT NULL,
    session_id       uuid,
    payload          jsonb NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'delivered', 'dead')),
    attempts         int NOT NULL DEFAULT 0,
    chunks_sent      int NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    lease_expires_at timestamptz,
    delivered_at     timestamptz,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel_id, event_key)
);
CREATE INDEX im_outbox_due ON im_outbox (next_attempt_at) WHERE status IN ('pending', 'sending');

-- what each provider last saw and failed on, shared by all replicas (the settings page shows it)
CREATE TABLE im_provider_status (
    provider        text PRIMARY KEY,
    last_event_at   timestamptz,
    last_error      text,
    last_error_at   timestamptz,
    last_ok_at      timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
-- a chat's notifications go out in order: the dispatcher looks for older undelivered rows of the same chat
CREATE INDEX im_outbox_channel_open ON im_outbox (channel_id, id) WHERE status IN ('pending', 'sending');
