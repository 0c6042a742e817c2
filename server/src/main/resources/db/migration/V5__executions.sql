-- Durable executions. Status transitions are guarded by (owner, lease_epoch): an instance that lost
-- its lease changes no row. Events take their seq from last_event_seq in the same transaction, so
-- a stream has no gaps.
CREATE TABLE pipeline_executions (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id       uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  pipeline_id        uuid NOT NULL REFERENCES pipelines (id),
  pipeline_version   integer NOT NULL,
  status             text NOT NULL CHECK (status IN ('queued', 'running', 'awaiting_approval',
                                                     'completed', 'failed', 'cancelled', 'rejected')),
  input              jsonb NOT NULL DEFAULT '{}',
  output             jsonb,
  error              jsonb,
  total_cost         numeric(20, 4) NOT NULL DEFAULT 0,
  input_tokens       bigint NOT NULL DEFAULT 0,
  output_tokens      bigint NOT NULL DEFAULT 0,
  idempotency_key    text,
  request_hash       text,
  started_by         uuid REFERENCES users (id),
  owner              text,                       -- the instance holding the lease
  lease_epoch        bigint NOT NULL DEFAULT 0,
  lease_until        timestamptz,
  last_event_seq     bigint NOT NULL DEFAULT 0,
  node_runs          integer NOT NULL DEFAULT 0,  -- counted against max_steps
  cancel_requested   boolean NOT NULL DEFAULT false,
  version            bigint NOT NULL DEFAULT 0,
  created_at         timestamptz NOT NULL DEFAULT now(),
  started_at         timestamptz,
  finished_at        timestamptz,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (pipeline_id, pipeline_version) REFERENCES pipeline_versions (pipeline_id, version)
);
CREATE UNIQUE INDEX pipeline_executions_idempotency_key
  ON pipeline_executions (workspace_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX pipeline_executions_workspace_created
  ON pipeline_executions (workspace_id, created_at DESC, id DESC);
CREATE INDEX pipeline_executions_claimable
  ON pipeline_executions (lease_until NULLS FIRST, created_at) WHERE status IN ('queued', 'running');

CREATE TABLE pipeline_steps (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  execution_id   uuid NOT NULL REFERENCES pipeline_executions (id) ON DELETE CASCADE,
  workspace_id   uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  node_id        text NOT NULL,
  run            integer NOT NULL DEFAULT 1,   -- a node inside a cycle runs more than once
  label          text NOT NULL,
  type           text NOT NULL,
  status         text NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed',
                                                 'skipped', 'awaiting_approval')),
  attempt        integer NOT NULL DEFAULT 0,
  superstep      integer,
  input          jsonb,
  output         jsonb,
  error          jsonb,
  cost           numeric(20, 4) NOT NULL DEFAULT 0,
  input_tokens   bigint NOT NULL DEFAULT 0,
  output_tokens  bigint NOT NULL DEFAULT 0,
  wait_deadline  timestamptz,                 -- a human gate's timeout
  started_at     timestamptz,
  finished_at    timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (execution_id, node_id, run)
);
CREATE INDEX pipeline_steps_gate_deadline
  ON pipeline_steps (wait_deadline) WHERE status = 'awaiting_approval' AND wait_deadline IS NOT NULL;

CREATE TABLE execution_events (
  execution_id uuid NOT NULL REFERENCES pipeline_executions (id) ON DELETE CASCADE,
  seq          bigint NOT NULL CHECK (seq >= 1),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  type         text NOT NULL,
  payload      jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (execution_id, seq)
);

ALTER TABLE pipeline_executions ENABLE ROW LEVEL SECURITY;
CREATE POLICY pipeline_executions_tenancy ON pipeline_executions USING (orchestrate_can_access(workspace_id));
ALTER TABLE pipeline_steps ENABLE ROW LEVEL SECURITY;
CREATE POLICY pipeline_steps_tenancy ON pipeline_steps USING (orchestrate_can_access(workspace_id));
ALTER TABLE execution_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY execution_events_tenancy ON execution_events USING (orchestrate_can_access(workspace_id));
