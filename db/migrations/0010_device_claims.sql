-- One open replacement per device: a claim on the normalized serial number (trimmed, upper-case),
-- taken by the API before a replacement starts and given up when it ends, so two requests for the
-- same device — from one customer or two, through one API instance or several — start one
-- replacement. The primary key is what makes it hold under concurrency.
CREATE TABLE device_claims (
  serial         text PRIMARY KEY CHECK (serial = upper(btrim(serial)) AND serial <> ''),
  replacement_id text NOT NULL,
  customer_sub   text NOT NULL,
  claimed_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX device_claims_replacement ON device_claims (replacement_id);

-- Replacements open before the claims existed hold their devices (the oldest one where there were
-- two for one device).
INSERT INTO device_claims (serial, replacement_id, customer_sub, claimed_at)
SELECT DISTINCT ON (upper(btrim(view->>'serialNumber'))) upper(btrim(view->>'serialNumber')), id, customer_sub, created_at
FROM replacements
WHERE status NOT IN ('completed', 'cancelled', 'declined', 'ineligible') AND btrim(COALESCE(view->>'serialNumber', '')) <> ''
ORDER BY upper(btrim(view->>'serialNumber')), created_at;

-- A replacement that has ended gives its device back, too.
CREATE OR REPLACE FUNCTION replacements_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IN ('completed', 'cancelled', 'declined', 'ineligible') THEN
    DELETE FROM stock_waiters WHERE reservation_id = NEW.workflow_id;
    DELETE FROM device_claims WHERE replacement_id = NEW.id;
  END IF;
  RETURN NULL;
END;
$$;
