CREATE TABLE pipelines (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id    uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  slug            text NOT NULL,
  name            text NOT NULL,
  description     text NOT NULL DEFAULT '',
  current_version integer NOT NULL DEFAULT 1,
  created_by      uuid REFERENCES users (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  deleted_at      timestamptz
);
CREATE UNIQUE INDEX pipelines_slug_key ON pipelines (workspace_id, slug) WHERE deleted_at IS NULL;

-- Versions are immutable: an execution keeps the version it started with.
CREATE TABLE pipeline_versions (
  pipeline_id      uuid NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
  version          integer NOT NULL CHECK (version >= 1),
  workspace_id     uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  graph_definition jsonb NOT NULL,
  created_by       uuid REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pipeline_id, version)
);

ALTER TABLE pipelines ENABLE ROW LEVEL SECURITY;
CREATE POLICY pipelines_tenancy ON pipelines USING (orchestrate_can_access(workspace_id));
ALTER TABLE pipeline_versions ENABLE ROW LEVEL SECURITY;
CREATE POLICY pipeline_versions_tenancy ON pipeline_versions USING (orchestrate_can_access(workspace_id));
