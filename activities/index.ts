// Activities: every side effect of a replacement, built from injected ports so the same code runs
// against the sandboxes (embedded default, tests) and the real providers. Workflows import this
// module with `import type` only. Each capability has its own module; this one puts them together.
import type { Carrier } from '../src/ports/carrier';
import type { DeviceRegistry } from '../src/ports/devices';
import type { FinanceActionStore } from '../src/ports/finance-actions';
import type { Inventory } from '../src/ports/inventory';
import type { Ledger } from '../src/ports/ledger';
import type { EmailSender } from '../src/ports/mailer';
import type { PaymentGateway } from '../src/ports/payment-gateway';
import type { PolicySource } from '../src/ports/policy-source';
import type { ReadModel } from '../src/ports/read-model';
import type { FindingStore } from '../src/ports/reconciliation';
import type { PersonalDataRetention } from '../src/ports/retention';
import { createAssessmentActivities } from './assessment';
import { createCalendarActivities } from './calendar';
import { createDeviceActivities } from './devices';
import { createFinanceActivities } from './finance';
import { createMessageActivities } from './messages';
import { createPaymentActivities } from './payment';
import { createRecordActivities } from './records';
import { createStockActivities } from './stock';

export type { Assessment } from './assessment';
export type { FinanceContact, ReservedRefund, ReservedRetry } from './finance';
export type { AuthenticationConclusion, HoldSnapshot, PaymentStep, PendingAuthentication } from './payment';
export { DEFAULT_RETENTION_DAYS, type ReconciliationResult } from './records';

export interface ActivityDeps {
  payment: PaymentGateway;
  carrier: Carrier;
  email: EmailSender;
  inventory: Inventory;
  ledger: Ledger;
  policies: PolicySource;
  /** Where replacement views are projected for staff lists and finance; optional in tests. */
  readModel?: ReadModel;
  /** Wall clock for ledger timestamps and "now" questions; injectable for time-skipping tests. */
  clock?: () => number;
  warehouseLeadEmail: string;
  /** Permanent SMTP rejections are recognised by this predicate and not retried. */
  isPermanentEmailError?: (err: unknown) => boolean;
  /** Where reconciliation findings are kept for finance; without it a run only returns them. */
  findings?: FindingStore;
  /** Redacts personal data of long-closed replacements; without it retention is a no-op. */
  retention?: PersonalDataRetention;
  /** Days after completion that personal data is kept (RETENTION_DAYS). */
  retentionDays?: number;
  /** Outside production only: replaces the policy's 3-D Secure wait for new requests (AUTHENTICATION_WAIT_SECONDS). */
  authenticationWaitSeconds?: number;
  /**
   * Called after a reserved unit was given back (a cancel before dispatch), so a replacement waiting
   * in line for that SKU gets it now rather than at its next periodic check.
   */
  onStockReleased?: (reservationId: string) => Promise<void>;
  /** What the warehouse knows of a device (flagged, returned before); without it nothing is sent to review. */
  devices?: Pick<DeviceRegistry, 'history'>;
  /** Finance's refunds and retried collections; without it those actions fail. */
  financeActions?: FinanceActionStore;
}

export function createActivities(deps: ActivityDeps) {
  const now = deps.clock ?? (() => Date.now());
  return {
    ...createAssessmentActivities(deps),
    ...createPaymentActivities(deps, now),
    ...createRecordActivities(deps, now),
    ...createDeviceActivities(deps),
    ...createStockActivities(deps),
    ...createCalendarActivities(),
    ...createMessageActivities(deps),
    ...createFinanceActivities(deps, now),
  };
}

export type ReplacementActivities = ReturnType<typeof createActivities>;
