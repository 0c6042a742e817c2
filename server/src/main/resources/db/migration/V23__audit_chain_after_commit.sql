-- The chain head no longer sits on the path of every audited action. Until now a BEFORE INSERT
-- trigger locked the chain's head row inside the action's transaction, so every audited action of a
-- workspace (an execution's start and finish among them) waited for the previous one's commit.
-- Now the action's transaction inserts its entry unchained (no seq, prev_hash or hash), so the entry
-- still commits or rolls back with its action, and a chainer links committed entries into the chain
-- shortly after, in one short transaction per chain that takes the head lock. The chain's order is
-- the order in which entries were chained (commit order, then insertion order within a batch).

ALTER TABLE audit_logs
  ALTER COLUMN seq DROP NOT NULL,
  ALTER COLUMN prev_hash DROP NOT NULL,
  ALTER COLUMN hash DROP NOT NULL,
  -- Insertion order: orders the entries of one chaining batch and lists entries still unchained.
  ADD COLUMN insert_no bigint,
  ADD CONSTRAINT audit_logs_chained_whole
    CHECK ((seq IS NULL AND prev_hash IS NULL AND hash IS NULL)
        OR (seq IS NOT NULL AND prev_hash IS NOT NULL AND hash IS NOT NULL));

CREATE SEQUENCE audit_logs_insert_no;
-- The entries waiting for the chainer, per chain, in insertion order.
CREATE INDEX audit_logs_unchained
  ON audit_logs (coalesce(workspace_id, '00000000-0000-0000-0000-000000000000'::uuid), insert_no)
  WHERE seq IS NULL;

DROP TRIGGER audit_logs_chain ON audit_logs;
DROP FUNCTION orchestrate_audit_chain();

-- Whatever the service puts in them, a new entry starts unchained with the database's own clock and
-- insertion number: only the chainer below assigns chain columns, so a bug in the service can still
-- neither break nor fork a chain.
CREATE FUNCTION orchestrate_audit_insert() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  BEGIN
    NEW.seq := NULL;
    NEW.prev_hash := NULL;
    NEW.hash := NULL;
    NEW.created_at := now();
    NEW.insert_no := nextval('audit_logs_insert_no');
    RETURN NEW;
  END
  $$;

CREATE TRIGGER audit_logs_insert BEFORE INSERT ON audit_logs
  FOR EACH ROW EXECUTE FUNCTION orchestrate_audit_insert();

-- Links up to p_limit committed, unchained entries of one chain (a null workspace: the service-wide
-- chain) into it and answers how many. The service role may not UPDATE audit_logs at all; this
-- function (SECURITY DEFINER) is its only way to change a row, and it only ever fills the chain
-- columns of unchained rows. The row lock on the head orders chainers of one chain, whichever
-- instance they run in; the caller commits right after, so the lock is held only that long.
CREATE FUNCTION orchestrate_audit_link(p_workspace uuid, p_limit integer) RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  DECLARE
    chain uuid := coalesce(p_workspace, '00000000-0000-0000-0000-000000000000'::uuid);
    head_seq bigint;
    head_hash text;
    linked integer := 0;
    entry record;
  BEGIN
    SELECT last_seq, last_hash INTO head_seq, head_hash
      FROM audit_chain_heads WHERE chain_id = chain FOR UPDATE;
    IF NOT FOUND THEN
      INSERT INTO audit_chain_heads (chain_id, last_seq, last_hash)
        VALUES (chain, 0, repeat('0', 64)) ON CONFLICT (chain_id) DO NOTHING;
      SELECT last_seq, last_hash INTO head_seq, head_hash
        FROM audit_chain_heads WHERE chain_id = chain FOR UPDATE;
    END IF;
    -- A new statement, so a new snapshot: it sees what earlier holders of the lock chained.
    FOR entry IN
      SELECT id, workspace_id, action, category, actor_id, details, created_at
        FROM audit_logs
       WHERE coalesce(workspace_id, '00000000-0000-0000-0000-000000000000'::uuid) = chain
         AND seq IS NULL
       ORDER BY insert_no
       LIMIT p_limit
    LOOP
      head_seq := head_seq + 1;
      UPDATE audit_logs
         SET seq = head_seq,
             prev_hash = head_hash,
             hash = orchestrate_audit_hash(head_hash, entry.workspace_id, head_seq, entry.action,
                                           entry.category, entry.actor_id, entry.details,
                                           entry.created_at)
       WHERE id = entry.id AND seq IS NULL
       RETURNING hash INTO head_hash;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'audit entry % was chained by someone not holding the head lock', entry.id;
      END IF;
      linked := linked + 1;
    END LOOP;
    IF linked > 0 THEN
      UPDATE audit_chain_heads SET last_seq = head_seq, last_hash = head_hash WHERE chain_id = chain;
    END IF;
    RETURN linked;
  END
  $$;
