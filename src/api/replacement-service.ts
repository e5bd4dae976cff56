// Everything the API asks of Temporal about replacements: start (idempotent), read the view, send
// updates and signals. Calls carry deadlines so a slow cluster or a missing worker becomes a 503,
// not a hung request.
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowStartOptions,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { PolicyVersion, Status } from '../domain/types';
import {
  REPLACEMENT_WORKFLOW_TYPE,
  carrierEventSignal,
  getReplacementQuery,
  getSettlementContextQuery,
  holdDecisionUpdate,
  paymentEventSignal,
  restockedSignal,
  replacementWorkflowId,
  type Actor,
  type CarrierEvent,
  type PaymentEvent,
  type ReplacementInput,
  type ReplacementView,
  type SettlementContext,
} from '../../workflows/definitions';
import type { ReadModel } from '../ports/read-model';
import type { DeviceClaims } from '../ports/devices';
import { claimStaleness, customerLimitRefusal, decideDeviceClaim, normalizeSerial, type ClaimHolderState } from '../domain/device';
import { merchantLimitsOf, policyInForce, POLICY_VERSIONS } from '../domain/policy';
import { withFinanceAdjustment } from '../domain/finance';
import { SA_CUSTOMER, SA_SKU, SA_STATUS } from '../../workflows/search-attributes';
import type { Principal } from './auth';
import type { ApiMetrics } from './metrics';
import { problem, ProblemError } from './problem';
import type { CreateReplacementBody } from './schemas';
import { deriveServiceNumber, requestHash } from './service-number';
import { notFound } from './temporal-errors';

const START_TIMEOUT_MS = 10_000;
const QUERY_TIMEOUT_MS = 10_000;
// Updates run activities (booking a shipment, capturing a hold) before they answer.
const UPDATE_TIMEOUT_MS = 60_000;
const SIGNAL_TIMEOUT_MS = 10_000;

type ReplacementWorkflow = (input: ReplacementInput) => Promise<ReplacementView>;

export type UpdateName = 'dispatch' | 'receipt' | 'inspection' | 'cancel' | 'review';

export interface StartResult {
  created: boolean;
  id: string;
  status: Status;
  /** With `waitMs`: the view once the hold was decided within the wait; absent when it was not. */
  view?: ReplacementView;
}

export interface ReplacementState {
  customer: string | null;
  status: Status | null;
  running: boolean;
}

export class ReplacementService {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly metrics: ApiMetrics,
    /** Where a replacement is still found after Temporal's retention has dropped its workflow. */
    private readonly readModel: Pick<ReadModel, 'get'>,
    /** One open replacement per device: claims on serial numbers, shared by every API instance. */
    private readonly deviceClaims: DeviceClaims,
    /** The policy table whose version in force sets the merchant's limits. */
    private readonly policyVersions: readonly PolicyVersion[] = POLICY_VERSIONS,
  ) {}

  private within<T>(ms: number, fn: () => Promise<T>): Promise<T> {
    return this.client.withDeadline(Date.now() + ms, fn);
  }

  private handle(id: string) {
    return this.client.workflow.getHandle(replacementWorkflowId(id));
  }

  /**
   * Starts the replacement, or finds the one this customer already started with the same key.
   * The same key with a different body is refused: silently returning the first replacement would
   * hide that the second request was never carried out.
   */
  async start(principal: Principal, body: CreateReplacementBody, idempotencyKey: string, options: { waitMs?: number } = {}): Promise<StartResult> {
    const id = deriveServiceNumber(principal.sub, idempotencyKey);
    const hash = requestHash(body);
    const input: ReplacementInput = {
      serviceNumber: id,
      customer: { sub: principal.sub, email: body.email, locale: body.locale, name: body.shippingAddress.name },
      sku: body.sku,
      serialNumber: body.serialNumber,
      purchaseDate: body.purchaseDate,
      issueDescription: body.issueDescription,
      coverage: body.coverage,
      serviceLevel: body.serviceLevel,
      paymentMethodId: body.paymentMethodId,
      shippingAddress: body.shippingAddress,
      requestHash: hash,
    };
    const startOptions: WorkflowStartOptions<ReplacementWorkflow> & { workflowIdConflictPolicy: 'FAIL' } = {
      taskQueue: this.taskQueue,
      workflowId: replacementWorkflowId(id),
      args: [input],
      // A service number names one replacement for ever: never start a second run under it.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
      memo: { requestHash: hash },
      typedSearchAttributes: [
        { key: SA_STATUS, value: 'pending_authorization' },
        { key: SA_CUSTOMER, value: principal.sub },
        { key: SA_SKU, value: body.sku },
      ],
    };
    const waitMs = options.waitMs ?? 0;
    const waitUntil = Date.now() + waitMs;
    const serial = normalizeSerial(body.serialNumber);
    const claimedNow = await this.claimDevice(serial, id, principal.sub);
    try {
      if (waitMs > 0) {
        const started = await this.startAndWait(id, startOptions, waitUntil);
        this.metrics.workflowsStarted.inc({ outcome: 'created' });
        return { created: true, id, status: started?.status ?? 'pending_authorization', ...(started ? { view: started } : {}) };
      }
      await this.within(START_TIMEOUT_MS, () => this.client.workflow.start<ReplacementWorkflow>(REPLACEMENT_WORKFLOW_TYPE, startOptions));
      this.metrics.workflowsStarted.inc({ outcome: 'created' });
      return { created: true, id, status: 'pending_authorization' };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        if (claimedNow) await this.releaseIfNeverStarted(serial, id);
        throw err;
      }
    }
    const existing = await this.within(QUERY_TIMEOUT_MS, () => this.handle(id).describe());
    const sameRequest = existing.memo?.requestHash === hash && existing.typedSearchAttributes.get(SA_CUSTOMER) === principal.sub;
    if (!sameRequest) {
      // The key names another request's replacement: the device claimed for this one is not used.
      if (claimedNow) await this.deviceClaims.release(serial, id);
      this.metrics.workflowsStarted.inc({ outcome: 'conflict' });
      throw problem(
        'idempotency-key-reused',
        `This Idempotency-Key was already used for replacement ${id} with a different request body. Use a new key for a new request.`,
        { extensions: { existingId: id } },
      );
    }
    this.metrics.workflowsStarted.inc({ outcome: 'replayed' });
    const status = (existing.typedSearchAttributes.get(SA_STATUS) as Status | undefined) ?? 'pending_authorization';
    if (waitMs > 0) {
      const decided = await this.waitForDecision(id, principal, waitUntil);
      if (decided) return { created: false, id, status: decided.status, view: decided };
    }
    return { created: false, id, status };
  }

  /**
   * Claims the device for replacement `id` (true when this call took the claim), or refuses with 409
   * when another open replacement holds it. The decision is the domain's; the claim's primary key
   * makes it hold when requests race through any number of API instances.
   */
  private async claimDevice(serial: string, id: string, customerSub: string): Promise<boolean> {
    const { maxOpenReplacementsPerCustomer } = merchantLimitsOf(policyInForce(this.policyVersions, Date.now()));
    let purged = false;
    for (let attempt = 0; attempt < 4; attempt++) {
      const result = await this.deviceClaims.claim(serial, id, customerSub, maxOpenReplacementsPerCustomer);
      if (result.claimed) return true;
      if (result.holder === null) {
        // Over the limit, unless some of the customer's claims belong to replacements that have ended
        // a moment ago (their release follows the read model) or never started: count again without those.
        if (!purged && (await this.releaseStaleClaims(customerSub)) > 0) {
          purged = true;
          continue;
        }
        this.metrics.workflowsStarted.inc({ outcome: 'limit' });
        throw problem('too-many-open-replacements', customerLimitRefusal(result.openForCustomer, maxOpenReplacementsPerCustomer)!, {
          extensions: { open: result.openForCustomer, limit: maxOpenReplacementsPerCustomer },
        });
      }
      const state = await this.claimHolderState(result.holder.replacementId);
      const decision = decideDeviceClaim(result.holder, state, { replacementId: id, customerSub }, Date.now());
      if (decision.decision === 'ours') return false;
      if (decision.decision === 'refuse') {
        this.metrics.workflowsStarted.inc({ outcome: 'device_taken' });
        throw problem('device-has-open-replacement', decision.detail, decision.existingId ? { extensions: { existingId: decision.existingId } } : {});
      }
      // The holder has ended (or never started): the device is free; move the claim unless someone else just did.
      if (await this.deviceClaims.takeOver(serial, result.holder.replacementId, id, customerSub)) return true;
    }
    throw problem('unavailable', 'The device’s claim kept changing while this request was made; try again in a moment.', { headers: { 'Retry-After': '1' } });
  }

  /** Gives back the claims of a customer whose replacements have ended or never started; returns how many. */
  private async releaseStaleClaims(customerSub: string): Promise<number> {
    let released = 0;
    for (const claim of await this.deviceClaims.claimsOf(customerSub)) {
      const state = await this.claimHolderState(claim.replacementId);
      if (claimStaleness(claim, state, Date.now())) {
        await this.deviceClaims.release(claim.serial, claim.replacementId);
        released++;
      }
    }
    return released;
  }

  private async claimHolderState(id: string): Promise<ClaimHolderState> {
    try {
      const description = await this.within(QUERY_TIMEOUT_MS, () => this.handle(id).describe());
      return description.status.name === 'RUNNING' ? 'running' : 'closed';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'not_found';
      throw err;
    }
  }

  /** After a failed start: give the device back unless the workflow did start (a lost answer). */
  private async releaseIfNeverStarted(serial: string, id: string): Promise<void> {
    const started = await this.within(QUERY_TIMEOUT_MS, () => this.handle(id).describe()).then(
      () => true,
      (err: unknown) => (err instanceof WorkflowNotFoundError ? false : true),
    );
    // Unsure (Temporal unreachable): keep the claim; a claim whose replacement never started lapses.
    if (!started) await this.deviceClaims.release(serial, id);
  }

  /**
   * Update-with-start: one request starts the workflow and delivers the (read-only) hold-decision
   * update with its first task; it completes with the view once the hold is decided. Returns
   * undefined when the workflow started but had not decided by `until` (or failed before deciding).
   */
  private async startAndWait(
    id: string,
    startOptions: WorkflowStartOptions<ReplacementWorkflow> & { workflowIdConflictPolicy: 'FAIL' },
    until: number,
  ): Promise<ReplacementView | undefined> {
    const startWorkflowOperation = new WithStartWorkflowOperation<ReplacementWorkflow>(REPLACEMENT_WORKFLOW_TYPE, startOptions);
    try {
      return await this.client.withDeadline(until, () => this.client.workflow.executeUpdateWithStart(holdDecisionUpdate, { startWorkflowOperation }));
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw err;
      // The start may have gone through even though the wait did not: find out before answering.
      const started = await startWorkflowOperation.workflowHandle().then(
        () => true,
        () =>
          this.within(QUERY_TIMEOUT_MS, () => this.handle(id).describe()).then(
            () => true,
            (describeErr: unknown) => (describeErr instanceof WorkflowNotFoundError ? false : Promise.reject(err)),
          ),
      );
      if (!started) throw err;
      return undefined;
    }
  }

  /** The view once an existing replacement's hold is decided (at once if it already was), or undefined at `until`. */
  private async waitForDecision(id: string, principal: Principal, until: number): Promise<ReplacementView | undefined> {
    if (until <= Date.now()) return undefined;
    try {
      return await this.client.withDeadline(until, () => this.handle(id).executeUpdate(holdDecisionUpdate));
    } catch (err) {
      // A closed replacement takes no updates; its hold was decided long ago.
      if (err instanceof WorkflowNotFoundError) return this.view(id, principal).catch(() => undefined);
      return undefined;
    }
  }

  /**
   * The full view, fresh from the workflow; once Temporal no longer has it (retention), its last
   * projection in the read model. A replacement owned by someone else is reported exactly like a
   * missing one, wherever the view came from.
   */
  async view(id: string, principal: Principal): Promise<ReplacementView> {
    let view: ReplacementView;
    try {
      view = await this.within(QUERY_TIMEOUT_MS, () => this.handle(id).query(getReplacementQuery));
      // Finance's refunds and collected retries happen beside the workflow; the read model keeps them.
      const finance = (await this.readModel.get(id))?.finance;
      if (finance) view = withFinanceAdjustment(view, finance);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      const row = await this.readModel.get(id);
      if (!row) throw err;
      view = row.view;
    }
    if (principal.role === 'customer' && view.customer.sub !== principal.sub) throw notFound(id);
    return view;
  }

  /**
   * What an inspection would be settled against: from the workflow; once Temporal has forgotten it,
   * the read model's status (it closed long ago, so no inspection is due and no terms are needed).
   */
  async settlementContext(id: string): Promise<SettlementContext> {
    try {
      return await this.within(QUERY_TIMEOUT_MS, () => this.handle(id).query(getSettlementContextQuery));
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      const row = await this.readModel.get(id);
      if (!row) throw err;
      return { status: row.status, inFlight: null, terms: null, coverage: row.view.coverage, holdAmount: row.holdAmount };
    }
  }

  /** From visibility metadata, so it answers even when no worker is running. */
  async state(id: string): Promise<ReplacementState> {
    const d = await this.within(QUERY_TIMEOUT_MS, () => this.handle(id).describe());
    return {
      customer: d.typedSearchAttributes.get(SA_CUSTOMER) ?? null,
      status: (d.typedSearchAttributes.get(SA_STATUS) as Status | undefined) ?? null,
      running: d.status.name === 'RUNNING',
    };
  }

  async assertOwnedBy(id: string, principal: Principal): Promise<void> {
    if (principal.role !== 'customer') return;
    const { customer } = await this.state(id);
    if (customer !== principal.sub) throw notFound(id);
  }

  /**
   * Sends a staff or customer command. With `idempotencyKey`, the update id is made from it (and the
   * update's name, so one key cannot stand for two different commands): Temporal answers a repeat
   * of a completed update with its first result instead of running it again.
   */
  async update<C extends { actor: Actor }>(
    id: string,
    name: UpdateName,
    def: UpdateDefinition<ReplacementView, [C]>,
    command: C,
    idempotencyKey?: string,
  ): Promise<ReplacementView> {
    const options = { args: [command] as [C], ...(idempotencyKey ? { updateId: `${name}:${idempotencyKey}` } : {}) };
    try {
      const view = await this.within(UPDATE_TIMEOUT_MS, () => this.handle(id).executeUpdate(def, options));
      this.metrics.updates.inc({ update: name, outcome: 'accepted' });
      return view;
    } catch (err) {
      let failure = err;
      // A finished replacement answers updates with NOT_FOUND; it exists, so say why it cannot change.
      if (err instanceof WorkflowNotFoundError) {
        const state = await this.state(id).catch(() => null);
        if (state && !state.running) {
          failure = problem('conflict', `The replacement is ${state.status ?? 'closed'} and can no longer be changed.`);
        }
      }
      const rejected = failure instanceof WorkflowUpdateFailedError || (failure instanceof ProblemError && failure.status === 409);
      const outcome = rejected ? 'rejected' : failure instanceof WorkflowNotFoundError ? 'not_found' : 'error';
      this.metrics.updates.inc({ update: name, outcome });
      throw failure;
    }
  }

  /** Signals the workflow; false when it does not exist or has finished (nothing left to tell it). */
  async signalCarrierEvent(id: string, event: CarrierEvent): Promise<boolean> {
    return this.signal('carrierEvent', () => this.handle(id).signal(carrierEventSignal, event));
  }

  /** Tells a replacement waiting in line that a unit of its SKU is there (by workflow id, as the line keeps it). */
  async signalRestocked(workflowId: string, sku: string): Promise<boolean> {
    return this.signal('restocked', () => this.client.workflow.getHandle(workflowId).signal(restockedSignal, { sku }));
  }

  async signalPaymentEvent(id: string, event: PaymentEvent): Promise<boolean> {
    return this.signal('paymentEvent', () => this.handle(id).signal(paymentEventSignal, event));
  }

  private async signal(name: string, send: () => Promise<void>): Promise<boolean> {
    try {
      await this.within(SIGNAL_TIMEOUT_MS, send);
      this.metrics.signals.inc({ signal: name, outcome: 'delivered' });
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        this.metrics.signals.inc({ signal: name, outcome: 'ignored' });
        return false;
      }
      this.metrics.signals.inc({ signal: name, outcome: 'error' });
      throw err;
    }
  }
}
