-- A reservation is closed exactly once: by the release that settles or abandons it.
CREATE UNIQUE INDEX credit_ledger_one_release_per_reservation
  ON credit_ledger (reservation_id) WHERE type = 'release';
CREATE INDEX credit_ledger_open_reservations
  ON credit_ledger (workspace_id, created_at) WHERE type = 'reservation';
