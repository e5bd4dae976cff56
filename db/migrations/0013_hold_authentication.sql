-- A card that asks for strong customer authentication (3-D Secure) leaves the hold waiting for the
-- customer: the hold state `requires_authentication`.
ALTER TABLE replacements DROP CONSTRAINT replacements_hold_state_check;
ALTER TABLE replacements ADD CONSTRAINT replacements_hold_state_check
  CHECK (hold_state IN ('none', 'pending', 'requires_authentication', 'active', 'unsecured', 'captured', 'released', 'charged'));
