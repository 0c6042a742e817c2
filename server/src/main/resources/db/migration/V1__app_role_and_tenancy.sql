-- The service queries as orchestrate_app, a role that owns nothing: row-level security applies to it
-- and its grants are exactly what the service needs. The schema owner (this migration's role) keeps
-- ownership and is used only for migrations.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'orchestrate_app') THEN
    CREATE ROLE orchestrate_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
END
$$;

-- Lets the owner connect and SET ROLE orchestrate_app when the app role has no password of its own.
-- Granted even when some membership exists: since PostgreSQL 16 the creator of a role holds it with
-- ADMIN but without SET. A failure here only matters in that mode, where SET ROLE then says why.
DO $$
BEGIN
  EXECUTE format('GRANT orchestrate_app TO %I', current_user);
EXCEPTION WHEN others THEN
  RAISE NOTICE 'could not grant orchestrate_app to %: %', current_user, SQLERRM;
END
$$;

GRANT USAGE ON SCHEMA public TO orchestrate_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO orchestrate_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO orchestrate_app;

-- Tenancy settings, transaction-local, set by the service at the start of every transaction.
-- An unset setting reads as '' once the placeholder exists, hence nullif.
CREATE FUNCTION orchestrate_is_system() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('orchestrate.system', true), '') = 'on' $$;

CREATE FUNCTION orchestrate_user_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('orchestrate.user_id', true), '')::uuid $$;

CREATE FUNCTION orchestrate_workspace_ids() RETURNS uuid[]
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(string_to_array(nullif(current_setting('orchestrate.workspace_ids', true), ''), ',')::uuid[],
                    '{}'::uuid[])
  $$;

-- Row-level security predicate of every workspace-owned table.
CREATE FUNCTION orchestrate_can_access(ws uuid) RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT orchestrate_is_system() OR ws = ANY (orchestrate_workspace_ids()) $$;
