-- The staff console's case search: exact, case-insensitive lookups by service number, customer
-- email, either serial number and either tracking number, each served by its own index.
CREATE INDEX replacements_id_lower ON replacements ((lower(id)));
CREATE INDEX replacements_email_lower ON replacements ((lower(email)));
CREATE INDEX replacements_replacement_serial ON replacements ((upper(btrim(view->'dispatch'->>'replacementSerialNumber'))));
CREATE INDEX replacements_dispatch_tracking_lower ON replacements ((lower(view->'dispatch'->>'trackingNumber')));
CREATE INDEX replacements_return_tracking_lower ON replacements ((lower(view->'returnLabel'->>'trackingNumber')));

-- A replacement's emails: their idempotency keys begin with its workflow id (a prefix LIKE).
CREATE INDEX sent_emails_key_prefix ON sent_emails (idempotency_key text_pattern_ops);

-- Who resolved a reconciliation finding, and why it needs no further action.
ALTER TABLE reconciliation_findings
  ADD COLUMN resolved_by text,
  ADD COLUMN resolution_note text CHECK (resolution_note IS NULL OR length(resolution_note) BETWEEN 1 AND 1000);
