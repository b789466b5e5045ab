-- Issue 14: GET /search on PostgreSQL full text instead of poco's substring match on titles and
-- previews. The 'simple' configuration (no stemming, no stop words: any language) plus prefix
-- matching; runs of CJK characters, which have no spaces between words, are indexed as every
-- single character and every pair of neighbours, so a Chinese or Japanese query finds its text
-- as the AND of its pairs. No extension needed (pg_trgm may be missing on an external database).

-- The text with each run of CJK characters (kana, CJK ideographs, hangul) replaced by its
-- unigrams and bigrams, separated by spaces: the runs alone (cjk), then every character, the pairs
-- at even offsets of each run, and those at odd offsets (the runs without their first character).
-- Only regexp_replace, so linear in the length of the text (array subscripts would not be).
CREATE FUNCTION poco_search_prepare(doc text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_replace(doc, '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+', ' ', 'g')
        || regexp_replace(cjk, '([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])', ' \1', 'g')
        || regexp_replace(cjk, '([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]{2})', ' \1 ', 'g')
        || regexp_replace(
               regexp_replace(cjk, '(^| )[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]', '\1', 'g'),
               '([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]{2})', ' \1 ', 'g')
    FROM (SELECT ' ' || regexp_replace(doc, '[^\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+', ' ', 'g')
              AS cjk) AS runs
$$;

-- What a document is indexed as. The functions that call functions of this file keep the search
-- path they were created with, so indexes and generated columns rebuild under pg_restore too.
CREATE FUNCTION poco_search_vector(doc text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
    SELECT to_tsvector('simple'::regconfig, poco_search_prepare(coalesce(doc, '')))
$$;

-- A user's query, all of its parts required: each word as a prefix; each CJK run as its pairs
-- (a single character as itself), matched exactly, not as prefixes and without the run's single
-- characters, which every document with the pairs has anyway (a prefix or a single character
-- would make the index walk every pair that starts with it). NULL when the query has nothing to
-- search for (only punctuation). Backslashes are dropped, as to_tsquery reads them as escapes.
CREATE FUNCTION poco_search_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS $$
    SELECT to_tsquery('simple'::regconfig, string_agg(
               '''' || replace(lexeme, '''', '''''') || ''''
                   || CASE WHEN lexeme ~ '^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+$' THEN '' ELSE ':*' END,
               ' & ' ORDER BY lexeme))
    FROM (SELECT ' ' || regexp_replace(doc, '[^\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+', ' ', 'g') || ' ' AS cjk, doc
          FROM (SELECT replace(q, '\', ' ') AS doc) AS d) AS runs,
         unnest(to_tsvector('simple'::regconfig,
             -- the words, the runs of one character, the pairs (even, odd offsets) without leftovers
             regexp_replace(doc, '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+', ' ', 'g')
             || regexp_replace(cjk, ' [\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]{2,}(?= )', ' ', 'g')
             || regexp_replace(
                    regexp_replace(cjk, '([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]{2})', ' \1 ', 'g')
                    || regexp_replace(
                           regexp_replace(cjk, ' [\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]', ' ', 'g'),
                           '([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]{2})', ' \1 ', 'g'),
                    ' [\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff](?= )', ' ', 'g'))) AS t
    HAVING count(*) > 0
$$;

-- The searchable text of a stored SDK message: its text blocks (a plain string content counts),
-- not tool input or output, and not the result message's copy of the last answer.
CREATE FUNCTION poco_message_text(content jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN jsonb_typeof(content -> 'content') = 'string' THEN content ->> 'content'
        WHEN jsonb_typeof(content -> 'content') = 'array' THEN (
            SELECT string_agg(block ->> 'text', E'\n' ORDER BY n)
            FROM jsonb_array_elements(content -> 'content') WITH ORDINALITY AS b (block, n)
            WHERE block ->> '_type' LIKE '%TextBlock%' AND jsonb_typeof(block -> 'text') = 'string')
    END
$$;

-- Messages: the index lives beside agent_messages (kept by a trigger), so the many readers of
-- agent_messages that select * do not carry a tsvector around; with the message's owner, session
-- and time, so a search narrows to the caller's messages and ranks them before any join (a join
-- planned on a wrong row estimate repeated the index scan once per session of the user, 50 times
-- slower). Owners never change: a session keeps its user. The GIN indexes here are built without fastupdate:
-- its pending list is scanned whole by every search until a vacuum merges it, which made searches
-- right after a burst of messages several times slower; a message insert costs a little more.
CREATE TABLE message_search (
    message_id BIGINT PRIMARY KEY REFERENCES agent_messages (id) ON DELETE CASCADE,
    user_id    VARCHAR(255) NOT NULL,
    session_id UUID        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    document   TSVECTOR    NOT NULL
);
CREATE INDEX ix_message_search_document ON message_search USING gin (document) WITH (fastupdate = off);
-- No index on user_id: with one, the planner read a user's every message through it and tested
-- each against the query (most messages are one user's in most installations) instead of the GIN.

CREATE FUNCTION poco_index_message() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    body text := poco_message_text(NEW.content);
BEGIN
    IF body IS NULL OR btrim(body) = '' THEN
        DELETE FROM message_search WHERE message_id = NEW.id;
    ELSE
        INSERT INTO message_search (message_id, user_id, session_id, created_at, document)
        SELECT NEW.id, s.user_id, NEW.session_id, NEW.created_at, poco_search_vector(body)
        FROM agent_sessions s WHERE s.id = NEW.session_id
        ON CONFLICT (message_id) DO UPDATE SET document = EXCLUDED.document;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER agent_messages_search AFTER INSERT OR UPDATE OF content ON agent_messages
    FOR EACH ROW EXECUTE FUNCTION poco_index_message();

INSERT INTO message_search (message_id, user_id, session_id, created_at, document)
SELECT m.id, s.user_id, m.session_id, m.created_at, poco_search_vector(poco_message_text(m.content))
FROM agent_messages m JOIN agent_sessions s ON s.id = m.session_id
WHERE btrim(coalesce(poco_message_text(m.content), '')) <> '';

-- Titles and project names: stored generated vectors (a few lexemes each), so neither matching
-- nor ranking recomputes them, whichever index the planner picks.
ALTER TABLE agent_sessions ADD COLUMN title_search TSVECTOR GENERATED ALWAYS AS (poco_search_vector(title)) STORED;
CREATE INDEX ix_agent_sessions_title_search ON agent_sessions USING gin (title_search)
    WITH (fastupdate = off) WHERE title IS NOT NULL AND NOT is_deleted;
ALTER TABLE projects ADD COLUMN name_search TSVECTOR GENERATED ALWAYS AS (poco_search_vector(name)) STORED;
CREATE INDEX ix_projects_name_search ON projects USING gin (name_search) WITH (fastupdate = off) WHERE NOT is_deleted;
