-- Read model of the replacements: one row per replacement, projected from the workflow's view.
-- It outlives Temporal's retention and serves the staff lists (sorted, paged) and finance filters.
CREATE TABLE replacements (
  id               text PRIMARY KEY,
  workflow_id      text NOT NULL UNIQUE,
  status           text NOT NULL CHECK (status IN ('pending_authorization', 'awaiting_stock', 'awaiting_dispatch',
                     'dispatched', 'return_in_transit', 'awaiting_inspection', 'completed', 'cancelled', 'declined',
                     'ineligible')),
  resolution       text CHECK (resolution IN ('hold_released', 'fee_charged', 'retail_price_charged', 'not_returned_charged')),
  customer_sub     text NOT NULL,
  email            text NOT NULL,
  sku              text NOT NULL,
  hold_amount      bigint NOT NULL CHECK (hold_amount >= 0),
  captured_amount  bigint NOT NULL CHECK (captured_amount >= 0),
  refunded_amount  bigint NOT NULL CHECK (refunded_amount >= 0),
  currency         text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  hold_state       text NOT NULL CHECK (hold_state IN ('none', 'pending', 'active', 'unsecured', 'captured', 'released', 'charged')),
  authorization_id text,
  capture_before   timestamptz,
  return_deadline  timestamptz,
  dispatch_due_by  timestamptz,
  flags            text[] NOT NULL DEFAULT '{}',
  policy_version   text,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  completed_at     timestamptz,
  view             jsonb NOT NULL,
  -- Projections arrive out of order (retries, replays); a row only ever moves to a higher version.
  version          bigint NOT NULL CHECK (version >= 0)
);

-- Staff list: by status, newest or oldest first, keyset-paged on (created_at, id) or (updated_at, id).
CREATE INDEX replacements_status_created ON replacements (status, created_at, id);
CREATE INDEX replacements_created ON replacements (created_at, id);
CREATE INDEX replacements_updated ON replacements (updated_at, id);
CREATE INDEX replacements_customer ON replacements (customer_sub, created_at);
-- Dispatch queue: oldest SLA first; a replacement without a due time after those with one.
CREATE INDEX replacements_dispatch_queue
  ON replacements ((COALESCE(dispatch_due_by, 'infinity'::timestamptz)), created_at, id)
  WHERE status = 'awaiting_dispatch';
-- Incoming returns: in transit first, then the nearest deadline.
CREATE INDEX replacements_incoming_returns
  ON replacements ((status <> 'return_in_transit'), (COALESCE(return_deadline, 'infinity'::timestamptz)), id)
  WHERE status IN ('dispatched', 'return_in_transit');
-- Finance: holds by state, expiring ones by when the authorization lapses.
CREATE INDEX replacements_hold_state ON replacements (hold_state, capture_before, id);
CREATE INDEX replacements_hold_state_updated ON replacements (hold_state, updated_at, id);
CREATE INDEX replacements_flags ON replacements USING gin (flags);
CREATE INDEX replacements_completed ON replacements (completed_at) WHERE completed_at IS NOT NULL;
