-- The vault as built. V8's secret_vault held one value per name and was never written (no API
-- existed), so it is replaced: a head row per secret, its versions (each with its own data key,
-- wrapped by a master key version), and the deployment's master key versions, known here only by
-- fingerprint. Running executions read the version in effect when they started, so older versions
-- stay until the secret is deleted.
DROP TABLE secret_vault;

-- Service-wide: which master key versions exist, so an instance started without one the data needs
-- refuses to start instead of failing on its first read. Never the key itself.
CREATE TABLE vault_master_keys (
  version     integer PRIMARY KEY CHECK (version > 0),
  fingerprint text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  retired_at  timestamptz
);
-- No workspace owns these rows: only the service's own system transactions read or write them.
ALTER TABLE vault_master_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY vault_master_keys_system ON vault_master_keys USING (orchestrate_is_system());
REVOKE DELETE, TRUNCATE ON vault_master_keys FROM orchestrate_app;

-- version: the newest version ever issued for the name. A deleted secret keeps its row (deleted_at,
-- no versions) so that a later one of the same name never reuses a version number: whoever cached
-- "version 3" must not mistake a new value for the old one.
CREATE TABLE secret_vault (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (name ~ '^[a-zA-Z_][a-zA-Z0-9_.-]{0,127}$'),
  version      integer NOT NULL CHECK (version > 0),
  created_by   uuid REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  deleted_at   timestamptz,
  PRIMARY KEY (workspace_id, name)
);

-- ciphertext = AES-256-GCM(data key, nonce, value), tag appended; wrapped_key = AES-256-GCM(master
-- key master_key_version, key_nonce, data key). Both bind workspace, name and version (and the
-- wrapped key the master key version) as associated data, so a row copied elsewhere does not open.
CREATE TABLE secret_versions (
  workspace_id       uuid NOT NULL,
  name               text NOT NULL,
  version            integer NOT NULL CHECK (version > 0),
  ciphertext         bytea NOT NULL,
  nonce              bytea NOT NULL CHECK (octet_length(nonce) = 12),
  wrapped_key        bytea NOT NULL CHECK (octet_length(wrapped_key) = 48),
  key_nonce          bytea NOT NULL CHECK (octet_length(key_nonce) = 12),
  master_key_version integer NOT NULL REFERENCES vault_master_keys (version),
  created_by         uuid REFERENCES users (id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, name, version),
  FOREIGN KEY (workspace_id, name) REFERENCES secret_vault (workspace_id, name) ON DELETE CASCADE
);
CREATE INDEX secret_versions_master_key ON secret_versions (master_key_version);

ALTER TABLE secret_vault ENABLE ROW LEVEL SECURITY;
CREATE POLICY secret_vault_tenancy ON secret_vault USING (orchestrate_can_access(workspace_id));
ALTER TABLE secret_versions ENABLE ROW LEVEL SECURITY;
CREATE POLICY secret_versions_tenancy ON secret_versions USING (orchestrate_can_access(workspace_id));

-- Whoever writes a data key wrapped under a master key version first takes a share lock on that
-- version's row, and only while it is not retired; retiring locks the row for update before it
-- counts the data keys left, so no key can be written under a version as it retires. SECURITY
-- DEFINER: a user's transaction (storing a secret) may not see the service-wide row itself.
CREATE FUNCTION orchestrate_vault_use_master_key(p_version integer) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  BEGIN
    PERFORM 1 FROM vault_master_keys WHERE version = p_version AND retired_at IS NULL FOR SHARE;
    RETURN FOUND;
  END
  $$;
REVOKE ALL ON FUNCTION orchestrate_vault_use_master_key(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION orchestrate_vault_use_master_key(integer) TO orchestrate_app;
