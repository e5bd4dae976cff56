-- An email is recorded as `sending` after the SMTP server has taken the envelope and the body and
-- before the final "." that commits the message; `sent` once the server answered the "." with 250.
-- A retry that finds `sending` never sends again: a process that died there either had the message
-- accepted (most of the window) or lost it (a connection closed before the "." is discarded).
ALTER TABLE sent_emails
  ADD COLUMN state text NOT NULL DEFAULT 'sent' CHECK (state IN ('sending', 'sent')),
  ADD COLUMN confirmed_at timestamptz;

UPDATE sent_emails SET confirmed_at = sent_at WHERE confirmed_at IS NULL;

CREATE INDEX sent_emails_unconfirmed ON sent_emails (sent_at) WHERE state = 'sending';
