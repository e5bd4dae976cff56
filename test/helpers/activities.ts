// The real activities over the ports a test world gives them, with the suite's defaults: the
// shipped policies and warehouse lead, and no carrier, mailer or stock for tests whose activities
// never reach them (money and records only).
import { createActivities, type ActivityDeps } from '../../activities';
import { CATALOG, POLICY_VERSIONS } from '../../src/domain';
import { StaticPolicySource } from '../../src/ports/policy-source';

export const LEAD_EMAIL = 'lead@warehouse.example.no';

export function realActivities(deps: Pick<ActivityDeps, 'payment' | 'ledger'> & Partial<ActivityDeps>) {
  return createActivities({
    carrier: {} as ActivityDeps['carrier'],
    email: {} as ActivityDeps['email'],
    inventory: {} as ActivityDeps['inventory'],
    policies: new StaticPolicySource(POLICY_VERSIONS, CATALOG),
    warehouseLeadEmail: LEAD_EMAIL,
    ...deps,
  });
}
