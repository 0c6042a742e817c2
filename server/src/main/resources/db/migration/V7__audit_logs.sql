-- A hash chain per workspace (workspace_id null: the service-wide chain, e.g. failed logins of
-- unknown emails). The service may insert and read entries, never change them.
CREATE TABLE audit_logs (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid REFERENCES workspaces (id) ON DELETE CASCADE,
  seq          bigint NOT NULL CHECK (seq >= 1),
  action       text NOT NULL,
  category     text NOT NULL,
  actor_id     uuid,
  details      jsonb NOT NULL DEFAULT '{}',
  prev_hash    text NOT NULL,
  hash         text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX audit_logs_chain_seq
  ON audit_logs (coalesce(workspace_id, '00000000-0000-0000-0000-000000000000'::uuid), seq);
CREATE INDEX audit_logs_workspace_category ON audit_logs (workspace_id, category, seq DESC);

ALTER TABLE audit_logs ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_logs_tenancy ON audit_logs
  USING (orchestrate_is_system() OR (workspace_id IS NOT NULL AND orchestrate_can_access(workspace_id)));
REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs FROM orchestrate_app;
