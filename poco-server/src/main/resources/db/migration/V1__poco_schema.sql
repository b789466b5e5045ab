-- The 21 tables of poco-backend (reference/poco-backend-data.md), same names and columns,
-- with jsonb where poco used json. Poco keeps no CHECK constraints; we add them only on our
-- own columns so that a poco database taken over later still migrates.

CREATE TABLE projects (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id           VARCHAR(255) NOT NULL,
    name              VARCHAR(255) NOT NULL,
    repo_url          TEXT,
    git_branch        VARCHAR(255),
    git_token_env_key VARCHAR(255),
    is_deleted        BOOLEAN NOT NULL DEFAULT false,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ix_projects_user_id ON projects (user_id);

CREATE TABLE agent_sessions (
    id                      UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id                 VARCHAR(255) NOT NULL,
    project_id              UUID REFERENCES projects (id) ON DELETE SET NULL,
    sdk_session_id          VARCHAR(255),
    config_snapshot         JSONB,
    workspace_archive_url   TEXT,
    state_patch             JSONB,
    workspace_files_prefix  TEXT,
    workspace_manifest_key  TEXT,
    workspace_archive_key   TEXT,
    workspace_export_status VARCHAR(50),
    title                   VARCHAR(255),
    kind                    VARCHAR(50) NOT NULL DEFAULT 'chat',
    status                  VARCHAR(50) NOT NULL,
    is_deleted              BOOLEAN NOT NULL DEFAULT false,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ix_agent_sessions_project_id ON agent_sessions (project_id);
CREATE INDEX ix_agent_sessions_kind ON agent_sessions (kind);
CREATE INDEX ix_agent_sessions_user_id ON agent_sessions (user_id);
CREATE INDEX ix_agent_sessions_sdk_session_id ON agent_sessions (sdk_session_id);
CREATE INDEX ix_agent_sessions_user_id_is_deleted_created_at ON agent_sessions (user_id, is_deleted, created_at);
CREATE INDEX ix_agent_sessions_sdk_session_id_is_deleted ON agent_sessions (sdk_session_id, is_deleted);

CREATE TABLE agent_messages (
    id           BIGSERIAL PRIMARY KEY,
    session_id   UUID NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    role         VARCHAR(50) NOT NULL,
    content      JSONB NOT NULL,
    text_preview TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ix_agent_messages_session_id ON agent_messages (session_id);
CREATE INDEX ix_agent_messages_session_id_created_at_id ON agent_messages (session_id, created_at, id);

CREATE TABLE agent_scheduled_tasks (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         VARCHAR(255) NOT NULL,
    name            VARCHAR(255) NOT NULL,
    enabled         BOOLEAN NOT NULL DEFAULT true,
    reuse_session   BOOLEAN NOT NULL DEFAULT true,
    session_id      UUID REFERENCES agent_sessions (id) ON DELETE SET NULL,
    cron            VARCHAR(100) NOT NULL,
    timezone        VARCHAR(64) NOT NULL DEFAULT 'UTC',
    prompt          TEXT NOT NULL,
    config_snapshot JSONB,
    input_files     JSONB,
    next_run_at     TIMESTAMPTZ NOT NULL,
    last_run_id     UUID,
    last_run_status VARCHAR(50),
    last_error      TEXT,
    is_deleted      BOOLEAN NOT NULL DEFAULT false,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ix_agent_scheduled_tasks_user_id ON agent_scheduled_tasks (user_id);
CREATE INDEX ix_agent_scheduled_tasks_enabled ON agent_scheduled_tasks (enabled);
CREATE INDEX ix_agent_scheduled_tasks_is_deleted ON agent_scheduled_tasks (is_deleted);
CREATE INDEX ix_agent_scheduled_tasks_session_id ON agent_scheduled_tasks (session_id);
CREATE INDEX ix_agent_scheduled_tasks_next_run_at ON agent_scheduled_tasks (next_run_at);
CREATE INDEX ix_agent_scheduled_tasks_last_run_id ON agent_scheduled_tasks (last_run_id);

CREATE TABLE agent_runs (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id        UUID NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    user_message_id   BIGINT NOT NULL REFERENCES agent_messages (id) ON DELETE CASCADE,
    status            VARCHAR(50) NOT NULL,
    permission_mode   VARCHAR(50) NOT NULL DEFAULT 'default',
    progress          INTEGER NOT NULL,
    schedule_mode     VARCHAR(50) NOT NULL,
    scheduled_task_id UUID,
    config_snapshot   JSONB,
    scheduled_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    claimed_by        VARCHAR(255),
    lease_expires_at  TIMESTAMPTZ,
    attempts          INTEGER NOT NULL,
    last_error        TEXT,
    started_at        TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
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
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id        UUID NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    message_id        BIGINT NOT NULL REFERENCES agent_messages (id) ON DELETE CASCADE,
    tool_use_id       VARCHAR(255),
    tool_name         VARCHAR(100) NOT NULL,
    tool_input        JSONB,
    tool_output       JSONB,
    result_message_id BIGINT REFERENCES agent_messages (id) ON DELETE SET NULL,
    is_error          BOOLEAN NOT NULL,
    duration_ms       INTEGER,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT uq_tool_executions_session_tool_use_id UNIQUE (session_id, tool_use_id)
);
CREATE INDEX ix_tool_executions_session_id ON tool_executions (session_id);
CREATE INDEX ix_tool_executions_session_id_updated_at_id ON tool_executions (session_id, updated_at, id);

CREATE TABLE usage_logs (
    id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id     UUID NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    run_id         UUID,
    total_cost_usd NUMERIC(10, 6),
    duration_ms    INTEGER,
    usage_json     JSONB,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT fk_usage_logs_run_id FOREIGN KEY (run_id) REFERENCES agent_runs (id) ON DELETE CASCADE
);
CREATE INDEX ix_usage_logs_run_id ON usage_logs (run_id);

CREATE TABLE user_input_requests (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id  UUID NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    tool_name   VARCHAR(100) NOT NULL,
    tool_input  JSONB NOT NULL,
    status      VARCHAR(50) NOT NULL,
    answers     JSONB,
    expires_at  TIMESTAMPTZ NOT NULL,
    answered_at TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ix_user_input_requests_session_id ON user_input_requests (session_id);
CREATE INDEX ix_user_input_requests_session_id_status_created_at ON user_input_requests (session_id, status, created_at);

-- Capability and configuration tables.

CREATE TABLE mcp_servers (
    id            SERIAL PRIMARY KEY,
    name          VARCHAR(255) NOT NULL,
    scope         VARCHAR(20) NOT NULL,
    owner_user_id VARCHAR(255) NOT NULL,
    server_config JSONB NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT uq_mcp_server_name_owner UNIQUE (name, owner_user_id)
);

CREATE TABLE skills (
    id            SERIAL PRIMARY KEY,
    name          VARCHAR(255) NOT NULL,
    scope         VARCHAR(20) NOT NULL,
    owner_user_id VARCHAR(255) NOT NULL,
    entry         JSONB NOT NULL,
    source        JSONB,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT uq_skill_name_owner UNIQUE (name, owner_user_id)
);

CREATE TABLE plugins (
    id            SERIAL PRIMARY KEY,
    name          VARCHAR(255) NOT NULL,
    scope         VARCHAR(20) NOT NULL,
    owner_user_id VARCHAR(255) NOT NULL,
    entry         JSONB NOT NULL,
    source        JSONB,
    description   TEXT,
    version       VARCHAR(64),
    manifest      JSONB,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT uq_plugin_name_owner UNIQUE (name, owner_user_id)
);

CREATE TABLE user_mcp_installs (
    id         SERIAL PRIMARY KEY,
    user_id    VARCHAR(255) NOT NULL,
    server_id  INTEGER NOT NULL REFERENCES mcp_servers (id) ON DELETE CASCADE,
    enabled    BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT uq_user_mcp_user_server UNIQUE (user_id, server_id)
);
CREATE INDEX ix_user_mcp_installs_user_id ON user_mcp_installs (user_id);

CREATE TABLE user_skill_installs (
    id         SERIAL PRIMARY KEY,
    user_id    VARCHAR(255) NOT NULL,
    skill_id   INTEGER NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
    enabled    BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT uq_user_skill_user_skill UNIQUE (user_id, skill_id)
);
CREATE INDEX ix_user_skill_installs_user_id ON user_skill_installs (user_id);

CREATE TABLE user_plugin_installs (
    id         SERIAL PRIMARY KEY,
    user_id    VARCHAR(255) NOT NULL,
    plugin_id  INTEGER NOT NULL REFERENCES plugins (id) ON DELETE CASCADE,
    enabled    BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT uq_user_plugin_user_plugin UNIQUE (user_id, plugin_id)
);
CREATE INDEX ix_user_plugin_installs_user_id ON user_plugin_installs (user_id);

CREATE TABLE user_env_vars (
    id               SERIAL PRIMARY KEY,
    user_id          VARCHAR(255) NOT NULL,
    key              VARCHAR(255) NOT NULL,
    value_ciphertext TEXT NOT NULL,
    description      TEXT,
    scope            VARCHAR(50) NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT uq_user_env_vars_user_key UNIQUE (user_id, key)
);
CREATE INDEX ix_user_env_vars_user_id ON user_env_vars (user_id);

CREATE TABLE user_claude_md_settings (
    id         SERIAL PRIMARY KEY,
    user_id    VARCHAR(255) NOT NULL,
    enabled    BOOLEAN NOT NULL DEFAULT true,
    content    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT uq_user_claude_md_settings_user_id UNIQUE (user_id)
);
CREATE INDEX ix_user_claude_md_settings_user_id ON user_claude_md_settings (user_id);

CREATE TABLE slash_commands (
    id            SERIAL PRIMARY KEY,
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
    CONSTRAINT uq_slash_command_user_name UNIQUE (user_id, name)
);
CREATE INDEX ix_slash_commands_user_id ON slash_commands (user_id);

CREATE TABLE sub_agents (
    id           SERIAL PRIMARY KEY,
    user_id      VARCHAR(255) NOT NULL,
    name         VARCHAR(255) NOT NULL,
    mode         VARCHAR(20) NOT NULL DEFAULT 'structured',
    enabled      BOOLEAN NOT NULL DEFAULT true,
    description  VARCHAR(255),
    prompt       TEXT,
    tools        JSONB,
    model        VARCHAR(20),
    raw_markdown TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT uq_sub_agent_user_name UNIQUE (user_id, name)
);
CREATE INDEX ix_sub_agents_user_id ON sub_agents (user_id);

-- Job tables.

CREATE TABLE skill_import_jobs (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     VARCHAR(255) NOT NULL,
    archive_key TEXT NOT NULL,
    selections  JSONB NOT NULL,
    status      VARCHAR(50) NOT NULL,
    progress    INTEGER NOT NULL,
    result      JSONB,
    error       TEXT,
    started_at  TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ix_skill_import_jobs_status ON skill_import_jobs (status);
CREATE INDEX ix_skill_import_jobs_user_id ON skill_import_jobs (user_id);

CREATE TABLE plugin_import_jobs (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     VARCHAR(255) NOT NULL,
    archive_key TEXT NOT NULL,
    selections  JSONB NOT NULL,
    status      VARCHAR(50) NOT NULL,
    progress    INTEGER NOT NULL,
    result      JSONB,
    error       TEXT,
    started_at  TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ix_plugin_import_jobs_status ON plugin_import_jobs (status);
CREATE INDEX ix_plugin_import_jobs_user_id ON plugin_import_jobs (user_id);

CREATE TABLE memory_create_jobs (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     VARCHAR(255) NOT NULL,
    messages    JSONB NOT NULL,
    run_id      VARCHAR(255),
    metadata    JSONB,
    status      VARCHAR(50) NOT NULL,
    progress    INTEGER NOT NULL,
    result      JSONB,
    error       TEXT,
    started_at  TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ix_memory_create_jobs_status ON memory_create_jobs (status);
CREATE INDEX ix_memory_create_jobs_user_id ON memory_create_jobs (user_id);
