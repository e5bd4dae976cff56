// The replacement workflow's public surface: ids, and every query, update and signal. Shared by the
// workflow, the worker, the API and tests — the single source of names. The input, view, command and
// event types are the domain's (src/domain/replacement.ts), re-exported here for the workflow's callers.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  CancelCommand,
  CarrierEvent,
  DispatchCommand,
  InspectionCommand,
  PaymentEvent,
  ReceiptCommand,
  ReplacementView,
  ReviewCommand,
} from '../src/domain/replacement';
import type { SettlementContext } from '../src/domain/lifecycle';
import type { Actor } from '../src/domain/replacement';
import type { MinorUnits } from '../src/domain/types';
import type { FinanceActionView } from '../src/domain/finance';
import type { FinanceActionKind } from '../src/domain/vocabulary';

export type { FinanceActionView } from '../src/domain/finance';

export type {
  ReplacementInput,
  Actor,
  TimelineEntry,
  DispatchInfo,
  InspectionInfo,
  HoldView,
  ReviewView,
  ReplacementView,
  DispatchCommand,
  ReceiptCommand,
  InspectionCommand,
  ReviewCommand,
  CancelCommand,
  CarrierEvent,
  PaymentEvent,
} from '../src/domain/replacement';
export type { Flag, HoldState, TimelineType } from '../src/domain/vocabulary';
export type { SettlementContext } from '../src/domain/lifecycle';

export const REPLACEMENT_WORKFLOW_TYPE = 'replacementWorkflow';
const WORKFLOW_ID_PREFIX = 'replacement:';

export function replacementWorkflowId(serviceNumber: string): string {
  return `${WORKFLOW_ID_PREFIX}${serviceNumber}`;
}

export function serviceNumberFromWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith(WORKFLOW_ID_PREFIX) ? workflowId.slice(WORKFLOW_ID_PREFIX.length) : undefined;
}

export const getReplacementQuery = defineQuery<ReplacementView>('getReplacement');
/** What settles an inspection (state, pinned terms, coverage, hold), for a fee preview that acts on nothing. */
export const getSettlementContextQuery = defineQuery<SettlementContext>('getSettlementContext');

export const dispatchUpdate = defineUpdate<ReplacementView, [DispatchCommand]>('dispatch');
export const receiptUpdate = defineUpdate<ReplacementView, [ReceiptCommand]>('receipt');
export const inspectionUpdate = defineUpdate<ReplacementView, [InspectionCommand]>('inspection');
export const cancelUpdate = defineUpdate<ReplacementView, [CancelCommand]>('cancel');
export const reviewUpdate = defineUpdate<ReplacementView, [ReviewCommand]>('review');
/**
 * Changes nothing: completes with the view once the replacement has left `pending_authorization`
 * (hold placed and stock reserved or awaited, or declined, ineligible, cancelled). Lets a client
 * wait for that decision in one call instead of polling the query.
 */
export const holdDecisionUpdate = defineUpdate<ReplacementView, []>('waitForHoldDecision');

export const carrierEventSignal = defineSignal<[CarrierEvent]>('carrierEvent');
export const paymentEventSignal = defineSignal<[PaymentEvent]>('paymentEvent');
export const restockedSignal = defineSignal<[{ sku: string }]>('restocked');

/** Error types raised by activities that must not be retried. */
export const NON_RETRYABLE_ERRORS = {
  paymentDeclined: 'PaymentDeclined',
  paymentInvalid: 'PaymentInvalidRequest',
  emailPermanent: 'EmailPermanent',
  /** A finance action the rules refuse (more than is refundable, nothing to collect): the API answers 409 with its message. */
  financeActionRefused: 'FinanceActionRefused',
} as const;

// ---- finance actions (workflows/finance-action.ts) --------------------------------------------

export const FINANCE_ACTION_WORKFLOW_TYPE = 'financeActionWorkflow';
const FINANCE_ACTION_ID_PREFIX = 'finance-action:';

/**
 * One workflow per replacement and Idempotency-Key (given as a digest, so the key's text never
 * reaches a workflow id): the same key cannot act twice, and it is part of every provider call's key.
 */
export function financeActionWorkflowId(serviceNumber: string, keyDigest: string): string {
  return `${FINANCE_ACTION_ID_PREFIX}${serviceNumber}:${keyDigest}`;
}

export interface FinanceActionInput {
  /** The action's id, derived with the workflow id from the replacement and the Idempotency-Key. */
  actionId: string;
  kind: FinanceActionKind;
  replacementId: string;
  /** The refund asked for; a collection retry collects what was declined. */
  amount?: MinorUnits;
  reason: string | null;
  actor: Actor;
  /** Epoch ms, when the API received the request. */
  requestedAt: number;
}

export type FinanceActionResult =
  | { refused: false; action: FinanceActionView; /** Goodwill refunds: what can still be refunded after this one. */ refundable?: MinorUnits }
  | { refused: true; detail: string };
