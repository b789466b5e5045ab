-- Attachment metadata (poco kept none: it read name and type back from S3). Before this, Poco kept
-- it in .properties sidecars beside the bytes; those are imported on first read (AttachmentStore).
-- The bytes live in the BlobStore under key (poco's attachments/<user>/<uuid>/file).
CREATE TABLE attachments (
    id           UUID PRIMARY KEY,
    user_id      TEXT NOT NULL,
    key          TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    size         BIGINT NOT NULL CHECK (size >= 0),
    content_type TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ix_attachments_user_id ON attachments (user_id);
