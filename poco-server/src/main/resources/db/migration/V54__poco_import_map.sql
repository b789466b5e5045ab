-- ./poco import-poco (issue 18): which rows of a poco database were brought over, and under which id here, so a
-- second run imports nothing twice. source_table is poco's table name (or 'workspace' / 'package' for object-store
-- copies), source_id its id as text; target_id our id as text (the same UUID where ids are kept).
CREATE TABLE poco_import_map (
    source_table TEXT NOT NULL,
    source_id    TEXT NOT NULL,
    target_id    TEXT NOT NULL,
    imported_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (source_table, source_id)
);
