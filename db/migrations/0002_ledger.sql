-- Every money movement, append-only: finance's books, kept long after Temporal forgets a workflow.
CREATE TABLE ledger_entries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Workflow id + step: a retried or replayed activity appends the same key, which stores one row.
  idempotency_key text NOT NULL UNIQUE,
  replacement_id  text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('authorized', 're_authorized', 'released', 'captured', 'charged',
                    'charge_failed', 'refunded', 'authorization_failed')),
  amount          bigint NOT NULL CHECK (amount >= 0),
  currency        text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  provider        text NOT NULL,
  provider_ref    text,
  at              timestamptz NOT NULL,
  note            text,
  recorded_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ledger_entries_at ON ledger_entries (at, id);
CREATE INDEX ledger_entries_replacement ON ledger_entries (replacement_id, at, id);

-- Append-only for everyone, the table's owner included (a REVOKE would not bind the owner):
-- a correction is a new entry, never an edit.
CREATE FUNCTION ledger_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_entries is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'record a correcting entry instead';
END;
$$;

CREATE TRIGGER ledger_entries_no_update_or_delete
  BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_refuse_change();

CREATE TRIGGER ledger_entries_no_truncate
  BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_refuse_change();
