-- Which secret versions an execution reads: those in effect when it started, or when it was last
-- retried, so a key fixed after a failure is the one its retry uses. Null means created_at.
ALTER TABLE pipeline_executions ADD COLUMN secrets_as_of timestamptz;
