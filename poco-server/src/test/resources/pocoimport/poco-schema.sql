-- poco-agent's backend schema at Alembic head ef4fe9610e92, written from reference/poco-backend-data.md for the
-- tables ./poco import-poco reads: json (not jsonb), SERIAL integer ids, BIGSERIAL message ids, server defaults only
-- where poco's DDL has them (app defaults are left to the inserts, as poco's ORM does), poco's constraint names.

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO alembic_version VALUES ('ef4fe9610e92');

CREATE TABLE projects (
    id                UUID NOT NULL DEFAULT gen_random_uuid(),
    user_id           VARCHAR(255) NOT NULL,
    name              VARCHAR(255) NOT NULL,
    repo_url          TEXT,
    git_branch        VARCHAR(255),
    git_token_env_key VARCHAR(255),
    is_deleted        BOOLEAN NOT NULL DEFAULT false,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT projects_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_projects_user_id ON projects (user_id);

CREATE TABLE agent_sessions (
    id                      UUID NOT NULL DEFAULT gen_random_uuid(),
    user_id                 VARCHAR(255) NOT NULL,
    project_id              UUID,
    sdk_session_id          VARCHAR(255),
    config_snapshot         JSON,
    workspace_archive_url   TEXT,
    state_patch             JSON,
    workspace_files_prefix  TEXT,
    workspace_manifest_key  TEXT,
    workspace_archive_key   TEXT,
    workspace_export_status VARCHAR(50),
    title                   VARCHAR(255),
    kind                    VARCHAR(50) NOT NULL DEFAULT 'chat',
    status                  VARCHAR(50) NOT NULL,
    is_deleted              BOOLEAN NOT NULL DEFAULT false,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT agent_sessions_pkey PRIMARY KEY (id),
    CONSTRAINT agent_sessions_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE SET NULL
);
CREATE INDEX ix_agent_sessions_project_id ON agent_sessions (project_id);
CREATE INDEX ix_agent_sessions_kind ON agent_sessions (kind);
CREATE INDEX ix_agent_sessions_user_id ON agent_sessions (user_id);
CREATE INDEX ix_agent_sessions_sdk_session_id ON agent_sessions (sdk_session_id);
CREATE INDEX ix_agent_sessions_user_id_is_deleted_created_at ON agent_sessions (user_id, is_deleted, created_at);
CREATE INDEX ix_agent_sessions_sdk_session_id_is_deleted ON agent_sessions (sdk_session_id, is_deleted);

CREATE TABLE agent_messages (
    id           BIGSERIAL NOT NULL,
    session_id   UUID NOT NULL,
    role         VARCHAR(50) NOT NULL,
    content      JSON NOT NULL,
    text_preview TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT agent_messages_pkey PRIMARY KEY (id),
    CONSTRAINT agent_messages_session_id_fkey FOREIGN KEY (session_id) REFERENCES agent_sessions (id) ON DELETE CASCADE
);
CREATE INDEX ix_agent_messages_session_id ON agent_messages (session_id);
CREATE INDEX ix_agent_messages_session_id_created_at_id ON agent_messages (session_id, created_at, id);

CREATE TABLE agent_scheduled_tasks (
    id              UUID NOT NULL DEFAULT gen_random_uuid(),
    user_id         VARCHAR(255) NOT NULL,
    name            VARCHAR(255) NOT NULL,
    enabled         BOOLEAN NOT NULL DEFAULT true,
    reuse_session   BOOLEAN NOT NULL DEFAULT true,
    session_id      UUID,
    cron            VARCHAR(100) NOT NULL,
    timezone        VARCHAR(64) NOT NULL DEFAULT 'UTC',
    prompt          TEXT NOT NULL,
    config_snapshot JSON,
    input_files     JSON,
    next_run_at     TIMESTAMPTZ NOT NULL,
    last_run_id     UUID,
    last_run_status VARCHAR(50),
    last_error      TEXT,
    is_deleted      BOOLEAN NOT NULL DEFAULT false,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT agent_scheduled_tasks_pkey PRIMARY KEY (id),
    CONSTRAINT agent_scheduled_tasks_session_id_fkey FOREIGN KEY (session_id) REFERENCES agent_sessions (id)
        ON DELETE SET NULL
);
CREATE INDEX ix_agent_scheduled_tasks_user_id ON agent_scheduled_tasks (user_id);
CREATE INDEX ix_agent_scheduled_tasks_enabled ON agent_scheduled_tasks (enabled);
CREATE INDEX ix_agent_scheduled_tasks_is_deleted ON agent_scheduled_tasks (is_deleted);
CREATE INDEX ix_agent_scheduled_tasks_session_id ON agent_scheduled_tasks (session_id);
CREATE INDEX ix_agent_scheduled_tasks_next_run_at ON agent_scheduled_tasks (next_run_at);
CREATE INDEX ix_agent_scheduled_tasks_last_run_id ON agent_scheduled_tasks (last_run_id);

CREATE TABLE agent_runs (
    id                UUID NOT NULL DEFAULT gen_random_uuid(),
    session_id        UUID NOT NULL,
    user_message_id   BIGINT NOT NULL,
    status            VARCHAR(50) NOT NULL,
    permission_mode   VARCHAR(50) NOT NULL DEFAULT 'default',
    progress          INTEGER NOT NULL,
    schedule_mode     VARCHAR(50) NOT NULL,
    scheduled_task_id UUID,
    config_snapshot   JSON,
    scheduled_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    claimed_by        VARCHAR(255),
    lease_expires_at  TIMESTAMPTZ,
    attempts          INTEGER NOT NULL,
    last_error        TEXT,
    started_at        TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT agent_runs_pkey PRIMARY KEY (id),
    CONSTRAINT agent_runs_session_id_fkey FOREIGN KEY (session_id) REFERENCES agent_sessions (id) ON DELETE CASCADE,
    CONSTRAINT agent_runs_user_message_id_fkey FOREIGN KEY (user_message_id) REFERENCES agent_messages (id)
        ON DELETE CASCADE,
    CONSTRAINT agent_runs_scheduled_task_id_fkey FOREIGN KEY (scheduled_task_id)
        REFERENCES agent_scheduled_tasks (id) ON DELETE SET NULL
);
CREATE INDEX ix_agent_runs_session_id ON agent_runs (session_id);
CREATE INDEX ix_agent_runs_user_message_id ON agent_runs (user_message_id);
CREATE INDEX ix_agent_runs_status ON agent_runs (status);
CREATE INDEX ix_agent_runs_permission_mode ON agent_runs (permission_mode);
CREATE INDEX ix_agent_runs_schedule_mode ON agent_runs (schedule_mode);
CREATE INDEX ix_agent_runs_scheduled_task_id ON agent_runs (scheduled_task_id);
CREATE INDEX ix_agent_runs_scheduled_at ON agent_runs (scheduled_at);
CREATE INDEX ix_agent_runs_claimed_by ON agent_runs (claimed_by);
CREATE INDEX ix_agent_runs_lease_expires_at ON agent_runs (lease_expires_at);
CREATE INDEX ix_agent_runs_status_scheduled_at_created_at ON agent_runs (status, scheduled_at, created_at);
CREATE INDEX ix_agent_runs_session_id_status ON agent_runs (session_id, status);

CREATE TABLE tool_executions (
    id                UUID NOT NULL DEFAULT gen_random_uuid(),
    session_id        UUID NOT NULL,
    message_id        BIGINT NOT NULL,
    tool_use_id       VARCHAR(255),
    tool_name         VARCHAR(100) NOT NULL,
    tool_input        JSON,
    tool_output       JSON,
    result_message_id BIGINT,
    is_error          BOOLEAN NOT NULL,
    duration_ms       INTEGER,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT tool_executions_pkey PRIMARY KEY (id),
    CONSTRAINT tool_executions_session_id_fkey FOREIGN KEY (session_id) REFERENCES agent_sessions (id)
        ON DELETE CASCADE,
    CONSTRAINT tool_executions_message_id_fkey FOREIGN KEY (message_id) REFERENCES agent_messages (id)
        ON DELETE CASCADE,
    CONSTRAINT tool_executions_result_message_id_fkey FOREIGN KEY (result_message_id) REFERENCES agent_messages (id)
        ON DELETE SET NULL,
    CONSTRAINT uq_tool_executions_session_tool_use_id UNIQUE (session_id, tool_use_id)
);
CREATE INDEX ix_tool_executions_session_id ON tool_executions (session_id);
CREATE INDEX ix_tool_executions_session_id_updated_at_id ON tool_executions (session_id, updated_at, id);

CREATE TABLE usage_logs (
    id             UUID NOT NULL DEFAULT gen_random_uuid(),
    session_id     UUID NOT NULL,
    run_id         UUID,
    total_cost_usd NUMERIC(10, 6),
    duration_ms    INTEGER,
    usage_json     JSON,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT usage_logs_pkey PRIMARY KEY (id),
    CONSTRAINT usage_logs_session_id_fkey FOREIGN KEY (session_id) REFERENCES agent_sessions (id) ON DELETE CASCADE,
    CONSTRAINT fk_usage_logs_run_id FOREIGN KEY (run_id) REFERENCES agent_runs (id) ON DELETE CASCADE
);
CREATE INDEX ix_usage_logs_run_id ON usage_logs (run_id);

CREATE TABLE user_input_requests (
    id          UUID NOT NULL DEFAULT gen_random_uuid(),
    session_id  UUID NOT NULL,
    tool_name   VARCHAR(100) NOT NULL,
    tool_input  JSON NOT NULL,
    status      VARCHAR(50) NOT NULL,
    answers     JSON,
    expires_at  TIMESTAMPTZ NOT NULL,
    answered_at TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT user_input_requests_pkey PRIMARY KEY (id),
    CONSTRAINT user_input_requests_session_id_fkey FOREIGN KEY (session_id) REFERENCES agent_sessions (id)
        ON DELETE CASCADE
);

CREATE TABLE mcp_servers (
    id            SERIAL NOT NULL,
    name          VARCHAR(255) NOT NULL,
    scope         VARCHAR(20) NOT NULL,
    owner_user_id VARCHAR(255) NOT NULL,
    server_config JSON NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT mcp_servers_pkey PRIMARY KEY (id),
    CONSTRAINT uq_mcp_server_name_owner UNIQUE (name, owner_user_id)
);

CREATE TABLE skills (
    id            SERIAL NOT NULL,
    name          VARCHAR(255) NOT NULL,
    scope         VARCHAR(20) NOT NULL,
    owner_user_id VARCHAR(255) NOT NULL,
    entry         JSON NOT NULL,
    source        JSON,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT skills_pkey PRIMARY KEY (id),
    CONSTRAINT uq_skill_name_owner UNIQUE (name, owner_user_id)
);

CREATE TABLE plugins (
    id            SERIAL NOT NULL,
    name          VARCHAR(255) NOT NULL,
    scope         VARCHAR(20) NOT NULL,
    owner_user_id VARCHAR(255) NOT NULL,
    entry         JSON NOT NULL,
    source        JSON,
    description   TEXT,
    version       VARCHAR(64),
    manifest      JSON,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT plugins_pkey PRIMARY KEY (id),
    CONSTRAINT uq_plugin_name_owner UNIQUE (name, owner_user_id)
);

CREATE TABLE user_mcp_installs (
    id         SERIAL NOT NULL,
    user_id    VARCHAR(255) NOT NULL,
    server_id  INTEGER NOT NULL,
    enabled    BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT user_mcp_installs_pkey PRIMARY KEY (id),
    CONSTRAINT user_mcp_installs_server_id_fkey FOREIGN KEY (server_id) REFERENCES mcp_servers (id) ON DELETE CASCADE,
    CONSTRAINT uq_user_mcp_user_server UNIQUE (user_id, server_id)
);
CREATE INDEX ix_user_mcp_installs_user_id ON user_mcp_installs (user_id);

CREATE TABLE user_skill_installs (
    id         SERIAL NOT NULL,
    user_id    VARCHAR(255) NOT NULL,
    skill_id   INTEGER NOT NULL,
    enabled    BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT user_skill_installs_pkey PRIMARY KEY (id),
    CONSTRAINT user_skill_installs_skill_id_fkey FOREIGN KEY (skill_id) REFERENCES skills (id) ON DELETE CASCADE,
    CONSTRAINT uq_user_skill_user_skill UNIQUE (user_id, skill_id)
);
CREATE INDEX ix_user_skill_installs_user_id ON user_skill_installs (user_id);

CREATE TABLE user_plugin_installs (
    id         SERIAL NOT NULL,
    user_id    VARCHAR(255) NOT NULL,
    plugin_id  INTEGER NOT NULL,
    enabled    BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT user_plugin_installs_pkey PRIMARY KEY (id),
    CONSTRAINT user_plugin_installs_plugin_id_fkey FOREIGN KEY (plugin_id) REFERENCES plugins (id) ON DELETE CASCADE,
    CONSTRAINT uq_user_plugin_user_plugin UNIQUE (user_id, plugin_id)
);
CREATE INDEX ix_user_plugin_installs_user_id ON user_plugin_installs (user_id);

CREATE TABLE user_env_vars (
    id               SERIAL NOT NULL,
    user_id          VARCHAR(255) NOT NULL,
    key              VARCHAR(255) NOT NULL,
    value_ciphertext TEXT NOT NULL,
    description      TEXT,
    scope            VARCHAR(50) NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT user_env_vars_pkey PRIMARY KEY (id),
    CONSTRAINT uq_user_env_vars_user_key UNIQUE (user_id, key)
);
CREATE INDEX ix_user_env_vars_user_id ON user_env_vars (user_id);

CREATE TABLE user_claude_md_settings (
    id         SERIAL NOT NULL,
    user_id    VARCHAR(255) NOT NULL,
    enabled    BOOLEAN NOT NULL DEFAULT true,
    content    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT user_claude_md_settings_pkey PRIMARY KEY (id),
    CONSTRAINT uq_user_claude_md_settings_user_id UNIQUE (user_id)
);
CREATE INDEX ix_user_claude_md_settings_user_id ON user_claude_md_settings (user_id);

CREATE TABLE slash_commands (
    id            SERIAL NOT NULL,
    user_id       VARCHAR(255) NOT NULL,
    name          VARCHAR(255) NOT NULL,
    mode          VARCHAR(20) NOT NULL DEFAULT 'raw',
    enabled       BOOLEAN NOT NULL DEFAULT true,
    description   VARCHAR(255),
    argument_hint VARCHAR(255),
    allowed_tools TEXT,
    content       TEXT,
    raw_markdown  TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT slash_commands_pkey PRIMARY KEY (id),
    CONSTRAINT uq_slash_command_user_name UNIQUE (user_id, name)
);
CREATE INDEX ix_slash_commands_user_id ON slash_commands (user_id);

CREATE TABLE sub_agents (
    id           SERIAL NOT NULL,
    user_id      VARCHAR(255) NOT NULL,
    name         VARCHAR(255) NOT NULL,
    mode         VARCHAR(20) NOT NULL DEFAULT 'structured',
    enabled      BOOLEAN NOT NULL DEFAULT true,
    description  VARCHAR(255),
    prompt       TEXT,
    tools        JSON,
    model        VARCHAR(20),
    raw_markdown TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT sub_agents_pkey PRIMARY KEY (id),
    CONSTRAINT uq_sub_agent_user_name UNIQUE (user_id, name)
);
CREATE INDEX ix_sub_agents_user_id ON sub_agents (user_id);
