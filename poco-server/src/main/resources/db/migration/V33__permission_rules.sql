-- Permission rules in Claude Code's syntax (allow / ask / deny), per user (project_id NULL) or per project.
-- Poco's reference revision has no rule table; poco added a rule engine later, with its own storage.
CREATE TABLE permission_rules (
    id          BIGSERIAL PRIMARY KEY,
    user_id     VARCHAR(255) NOT NULL,
    project_id  UUID REFERENCES projects (id) ON DELETE CASCADE,
    behavior    VARCHAR(8)   NOT NULL CHECK (behavior IN ('allow', 'ask', 'deny')),
    rule        TEXT         NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- One row per (owner, scope, behavior, rule); NULLS NOT DISTINCT makes two user-wide copies collide too.
CREATE UNIQUE INDEX permission_rules_unique ON permission_rules (user_id, project_id, behavior, rule) NULLS NOT DISTINCT;
CREATE INDEX permission_rules_user ON permission_rules (user_id);
