-- A run's budget in credits (null: unlimited). What it spent is total_cost; budget_reserved is what
-- its nodes in flight have set aside against the budget, each node's share also kept on its step,
-- so that the share is released with the step's outcome, or by the instance that runs the step
-- again after its runner died.
ALTER TABLE pipeline_executions
  ADD COLUMN budget numeric(20, 4) CHECK (budget > 0),
  ADD COLUMN budget_reserved numeric(20, 4) NOT NULL DEFAULT 0 CHECK (budget_reserved >= 0);
ALTER TABLE pipeline_steps
  ADD COLUMN budget_reserved numeric(20, 4) NOT NULL DEFAULT 0 CHECK (budget_reserved >= 0),
  -- Set while the step waits for a larger budget: the most its calls may cost.
  ADD COLUMN budget_needed numeric(20, 4);
