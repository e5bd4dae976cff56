-- Differences between the ledger and the payment provider's own records, found by the daily
-- reconciliation and kept for finance until someone resolves them.
CREATE TABLE reconciliation_findings (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_at          timestamptz NOT NULL,
  replacement_id  text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('authorized', 'captured', 'released', 'charged', 'refunded')),
  -- NULL on the side that has no such movement at all.
  ledger_amount   bigint CHECK (ledger_amount >= 0),
  provider_amount bigint CHECK (provider_amount >= 0),
  provider_ref    text,
  detail          text NOT NULL,
  resolved_at     timestamptz
);

-- One finding per movement: runs overlap on purpose (no gap after a missed run or a DST shift), and
-- a rerun must neither duplicate an open finding nor reopen one finance has resolved.
CREATE UNIQUE INDEX reconciliation_findings_movement
  ON reconciliation_findings (replacement_id, kind, (COALESCE(provider_ref, '')));
CREATE INDEX reconciliation_findings_open ON reconciliation_findings (run_at, id) WHERE resolved_at IS NULL;

-- Retention: when a completed replacement's personal data was removed; redaction runs once per row.
ALTER TABLE replacements ADD COLUMN redacted_at timestamptz;
