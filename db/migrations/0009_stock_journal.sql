-- Stock is managed, not only seeded: every change of on_hand is a row in an append-only journal
-- (seed, receipt, adjustment with a reason, shipment), and replacements that found no unit wait in
-- line per SKU, so a receipt wakes the oldest ones first.
CREATE TABLE stock_movements (
  id              bigserial PRIMARY KEY,
  sku             text NOT NULL REFERENCES inventory (sku),
  kind            text NOT NULL CHECK (kind IN ('seed', 'receipt', 'adjustment', 'shipment')),
  quantity        integer NOT NULL CHECK (quantity <> 0),
  on_hand_after   integer NOT NULL CHECK (on_hand_after >= 0),
  reason          text,
  note            text,
  actor           text,
  -- The replacement a shipment left for.
  reference       text,
  -- Receipts and adjustments are idempotent per Idempotency-Key; the hash says whether a reused key
  -- came with the same request.
  idempotency_key text UNIQUE,
  request_hash    text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'adjustment') = (reason IS NOT NULL)),
  CHECK (kind <> 'receipt' OR quantity > 0),
  CHECK (kind <> 'shipment' OR quantity < 0)
);

CREATE INDEX stock_movements_sku ON stock_movements (sku, id);

CREATE FUNCTION stock_movements_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'stock_movements is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'record an adjustment instead';
END;
$$;

CREATE TRIGGER stock_movements_no_update_or_delete
  BEFORE UPDATE OR DELETE ON stock_movements
  FOR EACH ROW EXECUTE FUNCTION stock_movements_refuse_change();

CREATE TRIGGER stock_movements_no_truncate
  BEFORE TRUNCATE ON stock_movements
  FOR EACH STATEMENT EXECUTE FUNCTION stock_movements_refuse_change();

-- Stock that was there before the journal: one opening row per SKU, so the journal adds up to on_hand.
INSERT INTO stock_movements (sku, kind, quantity, on_hand_after, note)
SELECT sku, 'seed', on_hand, on_hand, 'balance before the stock journal' FROM inventory WHERE on_hand > 0;

-- Replacements waiting for a unit of a SKU, in the order they started waiting. A row is written by
-- the reserve that found no unit and removed by the reserve that takes one.
CREATE TABLE stock_waiters (
  reservation_id text PRIMARY KEY,
  sku            text NOT NULL,
  since          timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX stock_waiters_sku_since ON stock_waiters (sku, since, reservation_id);

-- A replacement that has ended (cancelled by the customer, the wait ran out, the hold lapsed, …)
-- must not hold a place in line: its read-model row says so. Later migrations add to what a closed
-- replacement gives up.
CREATE FUNCTION replacements_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IN ('completed', 'cancelled', 'declined', 'ineligible') THEN
    DELETE FROM stock_waiters WHERE reservation_id = NEW.workflow_id;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER replacements_closed
  AFTER INSERT OR UPDATE OF status ON replacements
  FOR EACH ROW EXECUTE FUNCTION replacements_closed();
