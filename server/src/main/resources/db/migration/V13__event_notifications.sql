-- Every committed batch of execution events is announced on the channel orchestrate_events with
-- "execution_id workspace_id first_seq last_seq": one NOTIFY per inserting statement (the engine
-- writes a transition's events in one statement), delivered by PostgreSQL at commit, to every
-- instance. Listeners then read the events themselves from the table.
CREATE FUNCTION orchestrate_announce_events() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  DECLARE
    batch record;
  BEGIN
    FOR batch IN
      SELECT execution_id, workspace_id, min(seq) AS first_seq, max(seq) AS last_seq
      FROM inserted GROUP BY execution_id, workspace_id
    LOOP
      PERFORM pg_notify('orchestrate_events',
                        batch.execution_id || ' ' || batch.workspace_id || ' ' || batch.first_seq || ' ' || batch.last_seq);
    END LOOP;
    RETURN NULL;
  END
  $$;

CREATE TRIGGER execution_events_announce AFTER INSERT ON execution_events
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION orchestrate_announce_events();
