-- Memories kept in PostgreSQL (poco kept them in mem0's pgvector, graph and SQLite stores). Every row has an owner;
-- every query of the memories package filters by it. Deleted memories stay (deleted_at) so that their history does.
CREATE TABLE memories (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     VARCHAR(255) NOT NULL,
    agent_id    VARCHAR(255) NOT NULL DEFAULT 'poco-agent',
    run_id      VARCHAR(255),
    memory      TEXT NOT NULL,
    hash        VARCHAR(32) NOT NULL,
    metadata    JSONB,
    -- full text over the memory with CJK runs cut into bigrams (MemoryText), 'simple' configuration: no stemming,
    -- so any language is matched word for word
    search_text TSVECTOR NOT NULL,
    -- all-MiniLM-L6-v2 sentence embedding (384 floats, unit length); null when the model could not be loaded
    embedding   REAL[],
    deleted_at  TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ix_memories_user ON memories (user_id, created_at) WHERE deleted_at IS NULL;
CREATE INDEX ix_memories_search_text ON memories USING gin (search_text);

-- mem0's history: one row per change of a memory, and one per fact found again and skipped (NONE)
CREATE TABLE memory_history (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    memory_id   UUID NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
    user_id     VARCHAR(255) NOT NULL,
    old_memory  TEXT,
    new_memory  TEXT,
    event       VARCHAR(16) NOT NULL CHECK (event IN ('ADD', 'UPDATE', 'DELETE', 'NONE')),
    actor_id    VARCHAR(255),
    role        VARCHAR(50),
    job_id      UUID,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX ix_memory_history_memory ON memory_history (memory_id, created_at);

-- per-user memory switch: without a row memory is on (poco always gave the agent its memory tools)
CREATE TABLE user_memory_settings (
    user_id     VARCHAR(255) PRIMARY KEY,
    enabled     BOOLEAN NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

ALTER TABLE memory_create_jobs ADD COLUMN infer BOOLEAN NOT NULL DEFAULT true;
