-- The executions that hold a slot of their workspace's running cap (running, or claimed and about
-- to begin). A claim counts them per workspace; without this index the count read every execution
-- the workspace ever had, or every claimable one of all workspaces for each candidate.
CREATE INDEX pipeline_executions_busy ON pipeline_executions (workspace_id)
  WHERE status = 'running' OR (status = 'queued' AND owner IS NOT NULL);

-- A workspace's queued executions, oldest first: the one a finishing runner of the workspace takes
-- next. Without it that lookup walked the workspace's history from its oldest execution.
CREATE INDEX pipeline_executions_queued ON pipeline_executions (workspace_id, created_at)
  WHERE status = 'queued';
