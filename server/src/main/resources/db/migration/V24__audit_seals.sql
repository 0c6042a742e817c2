-- Every chained audit entry is sealed: seal = HMAC-SHA256 over the entry's chain, seq and hash,
-- keyed by a key the service derives from the vault's master key (which never enters the database),
-- and seal_key_version names the master key version it was derived from. The hash chain alone can
-- be recomputed by anyone who can write the database (orchestrate_audit_hash is plain SQL); a seal
-- cannot, so an edit followed by recomputing every later hash and the head now shows at the edit.

ALTER TABLE audit_logs
  ADD COLUMN seal text,
  ADD COLUMN seal_key_version integer,
  ADD CONSTRAINT audit_logs_sealed_whole CHECK ((seal IS NULL) = (seal_key_version IS NULL)),
  ADD CONSTRAINT audit_logs_sealed_chained CHECK (seal IS NULL OR seq IS NOT NULL);

-- Chained entries without a seal: after an upgrade, those chained before seals existed (sealed once
-- by the service, see AuditChainer); afterwards, normally none. Small, so finding them is cheap.
CREATE INDEX audit_logs_unsealed ON audit_logs (id) WHERE seq IS NOT NULL AND seal IS NULL;

-- A new entry starts unchained and unsealed, whatever the service puts in it.
CREATE OR REPLACE FUNCTION orchestrate_audit_insert() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  BEGIN
    NEW.seq := NULL;
    NEW.prev_hash := NULL;
    NEW.hash := NULL;
    NEW.seal := NULL;
    NEW.seal_key_version := NULL;
    NEW.created_at := now();
    NEW.insert_no := nextval('audit_logs_insert_no');
    RETURN NEW;
  END
  $$;

-- Linking now answers the entries it linked, so the chainer can seal them in the same transaction
-- (the seal is computed outside the database). The old integer-returning function is dropped, so an
-- instance of an earlier version still running during an upgrade cannot chain entries it would not
-- seal: its chaining fails and is retried, and the new instances' sweep chains its entries.
DROP FUNCTION orchestrate_audit_link(uuid, integer);

CREATE FUNCTION orchestrate_audit_link_rows(p_workspace uuid, p_limit integer)
  RETURNS TABLE (entry_id uuid, entry_seq bigint, entry_hash text)
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
      entry_id := entry.id;
      entry_seq := head_seq;
      entry_hash := head_hash;
      RETURN NEXT;
    END LOOP;
    IF linked > 0 THEN
      UPDATE audit_chain_heads SET last_seq = head_seq, last_hash = head_hash WHERE chain_id = chain;
    END IF;
  END
  $$;

-- Fills the seals of chained, unsealed entries of one chain (the service computes them; the
-- database cannot, as it does not hold the key) and answers how many it filled. Like linking, this
-- is the service's only way to touch these columns: it never replaces a seal, never seals an
-- unchained entry, and never touches anything else, so the service role still cannot UPDATE
-- audit_logs. A seal the service got wrong only makes verification fail; it cannot hide an edit.
CREATE FUNCTION orchestrate_audit_seal(p_workspace uuid, p_key_version integer, p_ids uuid[],
                                       p_seals text[]) RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  DECLARE
    chain uuid := coalesce(p_workspace, '00000000-0000-0000-0000-000000000000'::uuid);
    sealed integer;
  BEGIN
    IF p_key_version IS NULL OR p_key_version < 1 THEN
      RAISE EXCEPTION 'a seal names the master key version it was made with';
    END IF;
    UPDATE audit_logs a
       SET seal = s.seal, seal_key_version = p_key_version
      FROM unnest(p_ids, p_seals) AS s (id, seal)
     WHERE a.id = s.id
       AND coalesce(a.workspace_id, '00000000-0000-0000-0000-000000000000'::uuid) = chain
       AND a.seq IS NOT NULL
       AND a.seal IS NULL
       AND s.seal IS NOT NULL;
    GET DIAGNOSTICS sealed = ROW_COUNT;
    RETURN sealed;
  END
  $$;
