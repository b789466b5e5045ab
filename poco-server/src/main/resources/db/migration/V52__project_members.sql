-- Sharing inside a team (issue 17 part 5): a project's owner shares it with other users as viewer or editor.
-- user_id is the member's id as the identity filter names it (an account's id in password mode, X-User-Id in
-- trusted_header mode), so no foreign key to users.
CREATE TABLE project_members (
    project_id  uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id     varchar(255) NOT NULL,
    role        text NOT NULL CHECK (role IN ('viewer', 'editor')),
    added_by    varchar(255) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, user_id)
);
-- "what is shared with me": the project list and the session list of every member
CREATE INDEX project_members_user ON project_members (user_id);
