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
} as const;
