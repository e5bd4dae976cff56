-- Webhook deliveries already handled: providers redeliver, and each event must act once.
CREATE TABLE processed_webhooks (
  provider    text NOT NULL,
  event_id    text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, event_id)
);

CREATE INDEX processed_webhooks_received_at ON processed_webhooks (received_at);

-- Emails already sent, by idempotency key: a retried or replayed email activity returns the first
-- result instead of mailing the customer again.
CREATE TABLE sent_emails (
  idempotency_key text PRIMARY KEY,
  message_id      text NOT NULL,
  template        text NOT NULL,
  recipient       text NOT NULL,
  sent_at         timestamptz NOT NULL
);

CREATE INDEX sent_emails_sent_at ON sent_emails (sent_at);
