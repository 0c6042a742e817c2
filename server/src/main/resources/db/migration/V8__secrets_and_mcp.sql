-- Secret values are stored encrypted (AES-GCM under a master key outside the database); the
-- service never returns them.
CREATE TABLE secret_vault (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (name ~ '^[a-zA-Z_][a-zA-Z0-9_.-]{0,127}$'),
  version      integer NOT NULL DEFAULT 1,
  ciphertext   bytea NOT NULL,
  nonce        bytea NOT NULL,
  key_id       text NOT NULL,
  created_by   uuid REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  UNIQUE (workspace_id, name)
);

CREATE TABLE mcp_connections (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_-]{0,63}$'),
  transport    text NOT NULL CHECK (transport IN ('stdio', 'http')),
  command      text,
  args         jsonb NOT NULL DEFAULT '[]',
  url          text,
  env          jsonb NOT NULL DEFAULT '{}',   -- values are "secret:NAME" references, never secrets
  headers      jsonb NOT NULL DEFAULT '{}',
  preset       text,                          -- firecrawl, slack, gdrive, paddleocr: simulated until its secret is set
  created_by   uuid REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, name)
);

ALTER TABLE secret_vault ENABLE ROW LEVEL SECURITY;
CREATE POLICY secret_vault_tenancy ON secret_vault USING (orchestrate_can_access(workspace_id));
ALTER TABLE mcp_connections ENABLE ROW LEVEL SECURITY;
CREATE POLICY mcp_connections_tenancy ON mcp_connections USING (orchestrate_can_access(workspace_id));
