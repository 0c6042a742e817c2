-- Which outgoing edges a completed step took (their target node ids), decided once when the step
-- completed, so that recovery recomputes the same frontier from committed rows alone.
ALTER TABLE pipeline_steps ADD COLUMN taken_edges text[] NOT NULL DEFAULT '{}';
CREATE INDEX pipeline_steps_execution ON pipeline_steps (execution_id, superstep, node_id);
CREATE INDEX pipeline_executions_owner ON pipeline_executions (owner) WHERE owner IS NOT NULL;
