-- Chat apps set up from the web UI (issue 15): provider credentials stored encrypted (envvars' SecretBox,
-- AES-256-GCM under POCO_SECRET_KEY; a stored value overrides the environment), a per-provider on/off switch,
-- and group chats whose new tasks go to a project (chosen on the link code or with /project).

CREATE TABLE im_credentials (
    provider    text NOT NULL,
    field       text NOT NULL,
    value       text NOT NULL,
    updated_by  text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, field)
);

CREATE TABLE im_provider_settings (
    provider    text PRIMARY KEY,
    enabled     boolean NOT NULL DEFAULT true,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE im_link_codes ADD COLUMN project_id uuid;
ALTER TABLE im_channels ADD COLUMN project_id uuid;
