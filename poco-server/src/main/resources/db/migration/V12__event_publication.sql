-- Spring Modulith's JDBC event publication registry (schema v2 of spring-modulith-events-jdbc 2.0, PostgreSQL).
-- A cross-module event with a transactional listener (e.g. projects.ProjectDeleted -> sessions) is stored here in
-- the publishing transaction and marked complete when its listener succeeds; incomplete ones are resubmitted when
-- the server starts (spring.modulith.events.republish-outstanding-events-on-restart). Numbered 12, not 3, so that it
-- cannot collide with migrations written in parallel.
CREATE TABLE IF NOT EXISTS event_publication
(
  id                     UUID NOT NULL,
  listener_id            TEXT NOT NULL,
  event_type             TEXT NOT NULL,
  serialized_event       TEXT NOT NULL,
  publication_date       TIMESTAMP WITH TIME ZONE NOT NULL,
  completion_date        TIMESTAMP WITH TIME ZONE,
  status                 TEXT,
  completion_attempts    INT,
  last_resubmission_date TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS event_publication_serialized_event_hash_idx ON event_publication USING hash(serialized_event);
CREATE INDEX IF NOT EXISTS event_publication_by_completion_date_idx ON event_publication (completion_date);
