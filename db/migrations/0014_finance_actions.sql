-- Finance's actions on a replacement's money after the fact (goodwill refunds, retried collections),
-- with who asked and why. A refund is reserved here (`pending`) under a per-replacement lock before
-- the provider is called, so concurrent refunds can never add up to more than was collected.
CREATE TABLE finance_actions (
  id             text PRIMARY KEY,
  replacement_id text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('goodwill_refund', 'collection_retry')),
  amount         bigint NOT NULL CHECK (amount > 0),
  currency       text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  reason         text,
  state          text NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
  outcome        text CHECK (outcome IN ('refunded', 'collected', 'declined')),
  actor_sub      text NOT NULL,
  actor_role     text NOT NULL CHECK (actor_role IN ('customer', 'warehouse', 'finance', 'admin')),
  requested_at   timestamptz NOT NULL,
  completed_at   timestamptz,
  provider_ref   text,
  CHECK ((state = 'done') = (outcome IS NOT NULL))
);

CREATE INDEX finance_actions_replacement ON finance_actions (replacement_id, requested_at, id);

-- What finance actions added to a replacement's row in the read model. Projections of the
-- workflow's view never write these, and add them on top, so a later projection cannot undo them.
ALTER TABLE replacements ADD COLUMN finance_collected bigint NOT NULL DEFAULT 0 CHECK (finance_collected >= 0);
ALTER TABLE replacements ADD COLUMN finance_refunded bigint NOT NULL DEFAULT 0 CHECK (finance_refunded >= 0);
