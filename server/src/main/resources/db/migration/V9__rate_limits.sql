-- Fixed-window counters shared by every instance (login attempts per email and per address).
-- Keys are SHA-256 digests, so the table holds no email addresses.
CREATE TABLE rate_limit_windows (
  key          text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL
);
