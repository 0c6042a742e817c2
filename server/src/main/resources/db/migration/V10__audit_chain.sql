-- The audit log is a hash chain per workspace (a null workspace: the service-wide chain). The chain
-- is extended by a trigger, not by the service: the service inserts the entry's content and the
-- database assigns seq, prev_hash and hash, so not even a bug in the service can break or fork it.
-- hash = sha256(prev_hash || canonical JSON of the entry), the canonical JSON being jsonb's own text
-- form (keys in a fixed order, fixed spacing), so the same SQL recomputes it when verifying.
CREATE TABLE audit_chain_heads (
  chain_id  uuid PRIMARY KEY,
  last_seq  bigint NOT NULL,
  last_hash text NOT NULL
);
ALTER TABLE audit_chain_heads ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON audit_chain_heads FROM orchestrate_app;

CREATE FUNCTION orchestrate_audit_hash(prev_hash text, workspace_id uuid, seq bigint, action text,
                                       category text, actor_id uuid, details jsonb,
                                       created_at timestamptz) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT encode(sha256(convert_to(
      prev_hash || jsonb_build_object(
        'workspace_id', workspace_id,
        'seq', seq,
        'action', action,
        'category', category,
        'actor_id', actor_id,
        'details', details,
        'created_at', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text,
      'UTF8')), 'hex')
  $$;

CREATE FUNCTION orchestrate_audit_chain() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  DECLARE
    chain uuid := coalesce(NEW.workspace_id, '00000000-0000-0000-0000-000000000000'::uuid);
    head_seq bigint;
    head_hash text;
  BEGIN
    -- The row lock on the head orders concurrent writers of one chain.
    SELECT last_seq, last_hash INTO head_seq, head_hash
      FROM audit_chain_heads WHERE chain_id = chain FOR UPDATE;
    IF NOT FOUND THEN
      INSERT INTO audit_chain_heads (chain_id, last_seq, last_hash)
        VALUES (chain, 0, repeat('0', 64)) ON CONFLICT (chain_id) DO NOTHING;
      SELECT last_seq, last_hash INTO head_seq, head_hash
        FROM audit_chain_heads WHERE chain_id = chain FOR UPDATE;
    END IF;
    NEW.seq := head_seq + 1;
    NEW.prev_hash := head_hash;
    NEW.created_at := now();
    NEW.hash := orchestrate_audit_hash(NEW.prev_hash, NEW.workspace_id, NEW.seq, NEW.action,
                                       NEW.category, NEW.actor_id, NEW.details, NEW.created_at);
    UPDATE audit_chain_heads SET last_seq = NEW.seq, last_hash = NEW.hash WHERE chain_id = chain;
    RETURN NEW;
  END
  $$;

CREATE TRIGGER audit_logs_chain BEFORE INSERT ON audit_logs
  FOR EACH ROW EXECUTE FUNCTION orchestrate_audit_chain();

-- The last seq of a chain, so that verification notices entries deleted from its end.
CREATE FUNCTION orchestrate_audit_head(p_workspace uuid) RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT coalesce((SELECT last_seq FROM audit_chain_heads
                      WHERE chain_id = coalesce(p_workspace, '00000000-0000-0000-0000-000000000000'::uuid)), 0)
  $$;
