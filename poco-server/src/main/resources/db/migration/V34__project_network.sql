-- Issue 13: a project's network for its tasks' sandboxes ({"mode": "none"|"allowlist"|"open", "hosts": [...]}),
-- between a task's own choice and POCO_NETWORK_DEFAULT. NULL: the project chose none. Not in poco.
ALTER TABLE projects ADD COLUMN network JSONB;
