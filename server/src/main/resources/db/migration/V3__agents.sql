CREATE TABLE agents (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id   uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  slug           text NOT NULL,
  name           text NOT NULL,
  description    text NOT NULL DEFAULT '',
  model_provider text NOT NULL CHECK (model_provider IN ('anthropic', 'openai', 'simulated')),
  model          text NOT NULL,
  system_prompt  text NOT NULL DEFAULT '',
  parameters     jsonb NOT NULL DEFAULT '{}',
  cost_per_run   numeric(20, 4) NOT NULL DEFAULT 0 CHECK (cost_per_run >= 0),
  tools          jsonb NOT NULL DEFAULT '[]',
  created_by     uuid REFERENCES users (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  deleted_at     timestamptz            -- kept for the history of executions that used it
);
CREATE UNIQUE INDEX agents_slug_key ON agents (workspace_id, slug) WHERE deleted_at IS NULL;

ALTER TABLE agents ENABLE ROW LEVEL SECURITY;
CREATE POLICY agents_tenancy ON agents USING (orchestrate_can_access(workspace_id));
