-- Issue 14: GET /search on PostgreSQL full text instead of poco's substring match on titles and
-- previews. The 'simple' configuration (no stemming, no stop words: any language) plus prefix
-- matching; runs of CJK characters, which have no spaces between words, are indexed as every
-- single character and every pair of neighbours, so a Chinese or Japanese query finds its text
-- as the AND of its pairs. No extension needed (pg_trgm may be missing on an external database).

-- The text with each run of CJK characters (kana, CJK ideographs, hangul) replaced by its
-- unigrams and bigrams, separated by spaces. Linear in the length of the text.
CREATE FUNCTION poco_search_prepare(doc text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_replace(doc, '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+', ' ', 'g')
        || ' ' || coalesce((
            SELECT string_agg(c[i] || coalesce(' ' || c[i] || c[i + 1], ''), ' ')
            FROM regexp_matches(doc, '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+', 'g')
                     AS m (run),
                 LATERAL (SELECT regexp_split_to_array(m.run[1], '') AS c) AS chars,
                 LATERAL generate_subscripts(chars.c, 1) AS i), '')
$$;

-- What a document is indexed as.
CREATE FUNCTION poco_search_vector(doc text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector('simple'::regconfig, poco_search_prepare(coalesce(doc, '')))
$$;

-- A user's query: every lexeme of the prepared query as a prefix, all required; NULL when the
-- query has no lexeme (only punctuation). Backslashes are dropped, as to_tsquery reads them as escapes.
CREATE FUNCTION poco_search_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT to_tsquery('simple'::regconfig,
                      string_agg('''' || replace(lexeme, '''', '''''') || ''':*', ' & ' ORDER BY lexeme))
    FROM unnest(poco_search_vector(replace(q, '\', ' '))) AS t
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
-- agent_messages that select * do not carry a tsvector around.
CREATE TABLE message_search (
    message_id BIGINT PRIMARY KEY REFERENCES agent_messages (id) ON DELETE CASCADE,
    document   TSVECTOR NOT NULL
);
CREATE INDEX ix_message_search_document ON message_search USING gin (document);

CREATE FUNCTION poco_index_message() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    body text := poco_message_text(NEW.content);
BEGIN
    IF body IS NULL OR btrim(body) = '' THEN
        DELETE FROM message_search WHERE message_id = NEW.id;
    ELSE
        INSERT INTO message_search (message_id, document) VALUES (NEW.id, poco_search_vector(body))
        ON CONFLICT (message_id) DO UPDATE SET document = EXCLUDED.document;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER agent_messages_search AFTER INSERT OR UPDATE OF content ON agent_messages
    FOR EACH ROW EXECUTE FUNCTION poco_index_message();

INSERT INTO message_search (message_id, document)
SELECT id, poco_search_vector(poco_message_text(content)) FROM agent_messages
WHERE btrim(coalesce(poco_message_text(content), '')) <> '';

-- Titles and project names are short: expression indexes, the vector recomputed only for ranking.
CREATE INDEX ix_agent_sessions_title_search ON agent_sessions USING gin (poco_search_vector(title))
    WHERE title IS NOT NULL AND NOT is_deleted;
CREATE INDEX ix_projects_name_search ON projects USING gin (poco_search_vector(name)) WHERE NOT is_deleted;
