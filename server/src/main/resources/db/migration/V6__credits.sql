-- Money is exact: NUMERIC, never floating point. The ledger is append-only; credit_accounts keeps the
-- balance and the open reservations beside it, changed in the same transaction as each ledger row.
CREATE TABLE credit_accounts (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  balance      numeric(20, 4) NOT NULL DEFAULT 0,
  reserved     numeric(20, 4) NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE credit_ledger (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id    uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  type            text NOT NULL CHECK (type IN ('grant', 'usage', 'refund', 'reservation', 'release')),
  amount          numeric(20, 4) NOT NULL,
  balance_after   numeric(20, 4) NOT NULL,
  description     text NOT NULL DEFAULT '',
  reference_id    text,
  reference_type  text,
  reservation_id  uuid REFERENCES credit_ledger (id),
  idempotency_key text,
  created_by      uuid REFERENCES users (id),
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX credit_ledger_idempotency_key
  ON credit_ledger (workspace_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX credit_ledger_workspace_created ON credit_ledger (workspace_id, created_at DESC, id DESC);

ALTER TABLE credit_accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY credit_accounts_tenancy ON credit_accounts USING (orchestrate_can_access(workspace_id));
ALTER TABLE credit_ledger ENABLE ROW LEVEL SECURITY;
CREATE POLICY credit_ledger_tenancy ON credit_ledger USING (orchestrate_can_access(workspace_id));
-- Append-only for the service.
REVOKE UPDATE, DELETE ON credit_ledger FROM orchestrate_app;
