-- Committed events are now announced by the service after commit (one coalesced NOTIFY every few
-- milliseconds from a connection of its own) instead of by a trigger inside every engine
-- transaction: a NOTIFY in a transaction takes PostgreSQL's global notify-queue lock at commit,
-- which serialises the commits of every instance.
DROP TRIGGER execution_events_announce ON execution_events;
DROP FUNCTION orchestrate_announce_events();

-- The workspace feed's replay (events of four types of one workspace after a point in time).
CREATE INDEX execution_events_workspace_feed ON execution_events (workspace_id, created_at)
  WHERE type IN ('execution_start', 'execution_complete', 'approval_required', 'approval_resolved');
