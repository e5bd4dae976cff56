-- Serials the warehouse will not replace without a look (a known counterfeit, reported stolen): a
-- request for one waits for staff review before its unit ships.
CREATE TABLE flagged_devices (
  serial     text PRIMARY KEY CHECK (serial = upper(btrim(serial)) AND serial <> ''),
  reason     text NOT NULL CHECK (reason IN ('counterfeit', 'reported_stolen', 'other')),
  note       text,
  flagged_by text NOT NULL,
  flagged_at timestamptz NOT NULL DEFAULT now()
);

-- Open replacements per customer, for the merchant's limit.
CREATE INDEX device_claims_customer ON device_claims (customer_sub);
-- A unit already returned under another replacement: found by its normalized serial.
CREATE INDEX replacements_serial ON replacements ((upper(btrim(view->>'serialNumber'))));
