-- Carrier events name a tracking number (outbound parcel or return label), not a replacement. The
-- read model carries both numbers in the view; these indexes make finding the replacement cheap
-- whichever carrier booked the parcel.
CREATE INDEX replacements_dispatch_tracking ON replacements ((view->'dispatch'->>'trackingNumber'));
CREATE INDEX replacements_return_tracking ON replacements ((view->'returnLabel'->>'trackingNumber'));
