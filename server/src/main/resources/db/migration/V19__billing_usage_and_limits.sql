-- What each usage row was spent on, recorded when it is settled, so usage can be summed by
-- pipeline, agent, model and day. Rows written before this migration keep nulls and group under
-- null. No foreign keys: an agent or pipeline deleted later must not take its spending with it.
ALTER TABLE credit_ledger
  ADD COLUMN pipeline_id   uuid,
  ADD COLUMN agent_id      uuid,
  ADD COLUMN agent_slug    text,
  ADD COLUMN provider      text,
  ADD COLUMN model         text,
  ADD COLUMN input_tokens  bigint,
  ADD COLUMN output_tokens bigint;
-- Reservations sum the usage of the current day and month under a workspace's spending limits.
CREATE INDEX credit_ledger_usage_by_time
  ON credit_ledger (workspace_id, created_at) WHERE type = 'usage';

-- A workspace's spending limits, per day and per month in the deployment's billing time zone;
-- null is no limit. Kept on the account row, which every change of credits already locks.
ALTER TABLE credit_accounts
  ADD COLUMN daily_limit   numeric(20, 4) CHECK (daily_limit > 0),
  ADD COLUMN monthly_limit numeric(20, 4) CHECK (monthly_limit > 0);

-- Each paid model call a step made (every attempt): {agent_slug, provider, model, simulated,
-- attempt, input_tokens, output_tokens, cost}, recorded with the step's outcome.
ALTER TABLE pipeline_steps ADD COLUMN model_calls jsonb NOT NULL DEFAULT '[]';
