CREATE TABLE users (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email           text NOT NULL,
  name            text,
  password_hash   text,          -- null for users who only sign in through an external issuer
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_email_normalised CHECK (email = lower(btrim(email)))
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE external_identities (
  issuer     text NOT NULL,
  subject    text NOT NULL,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, subject)
);

CREATE TABLE workspaces (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  slug        text NOT NULL,
  created_by  uuid REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT workspaces_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$')
);
CREATE UNIQUE INDEX workspaces_slug_key ON workspaces (slug);

CREATE TABLE workspace_members (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role         text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX workspace_members_user_idx ON workspace_members (user_id);

-- Computes the caller's workspaces once per transaction. SECURITY DEFINER: it runs as the owner, who
-- is not subject to row-level security, because the memberships it reads are themselves protected.
CREATE FUNCTION orchestrate_enter_user(p_user uuid) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT set_config('orchestrate.user_id', p_user::text, true),
           set_config('orchestrate.workspace_ids',
                      coalesce((SELECT string_agg(workspace_id::text, ',')
                                  FROM workspace_members WHERE user_id = p_user), ''),
                      true);
  $$;
REVOKE ALL ON FUNCTION orchestrate_enter_user(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION orchestrate_enter_user(uuid) TO orchestrate_app;

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
-- A person sees themselves and the people they share a workspace with.
CREATE POLICY users_tenancy ON users
  USING (orchestrate_is_system()
         OR id = orchestrate_user_id()
         OR id IN (SELECT user_id FROM workspace_members
                    WHERE workspace_id = ANY (orchestrate_workspace_ids())))
  WITH CHECK (orchestrate_is_system() OR id = orchestrate_user_id());

ALTER TABLE external_identities ENABLE ROW LEVEL SECURITY;
CREATE POLICY external_identities_tenancy ON external_identities
  USING (orchestrate_is_system() OR user_id = orchestrate_user_id());

ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspaces_tenancy ON workspaces
  USING (orchestrate_can_access(id));

ALTER TABLE workspace_members ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_members_tenancy ON workspace_members
  USING (orchestrate_can_access(workspace_id) OR user_id = orchestrate_user_id())
  WITH CHECK (orchestrate_can_access(workspace_id));
