-- Stock per SKU and the reservations against it. A reservation is keyed by the replacement, so a
-- retried reserve never takes a second unit; the CHECKs make overselling impossible, whatever the
-- code does.
CREATE TABLE inventory (
  sku        text PRIMARY KEY,
  on_hand    integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  reserved   integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (reserved <= on_hand)
);

CREATE TABLE stock_reservations (
  reservation_id text PRIMARY KEY,
  sku            text NOT NULL REFERENCES inventory (sku),
  state          text NOT NULL CHECK (state IN ('reserved', 'released', 'shipped')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX stock_reservations_sku_state ON stock_reservations (sku, state);
