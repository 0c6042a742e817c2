-- The public halves of the token signing keys of every instance of the deployment, so that a token
-- issued by one instance verifies on all. Private keys never leave their instance.
-- signs_until: when its instance stops signing with it (rotation); verify_until: when the last
-- token it signed has expired. A key past verify_until is retired and verifies nothing.
CREATE TABLE auth_signing_keys (
  kid          text PRIMARY KEY,
  public_jwk   jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  signs_until  timestamptz,
  verify_until timestamptz,
  retired_at   timestamptz
);

-- No workspace owns these rows: only the service's own system transactions (publishing, rotating,
-- looking up a kid) may read or write them, never a transaction acting for a user.
ALTER TABLE auth_signing_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY auth_signing_keys_system ON auth_signing_keys USING (orchestrate_is_system());
REVOKE DELETE, TRUNCATE ON auth_signing_keys FROM orchestrate_app;
