// What a run tells the world as it goes: its timeline, its search attributes, the read model and
// the customer's emails. Emails and projections run in the background and never delay a step.
import { condition, patched, upsertSearchAttributes } from '@temporalio/workflow';
import type { EmailTemplate } from '../../src/ports/mailer';
import type { TemplateData } from '../../src/ports/email-template-data';
import type { Status } from '../../src/domain/types';
import type { Flag, ReplacementView, TimelineEntry, TimelineType } from '../definitions';
import { SA_DEADLINE, SA_FLAGS, SA_HOLD_STATE, SA_STATUS } from '../search-attributes';
import { mail, projections } from './proxies';
import { view, type Run } from './state';

export function note({ state }: Run, type: TimelineType, extra: Omit<TimelineEntry, 'at' | 'type'> = {}): void {
  state.updatedAt = Date.now();
  state.timeline.push({ at: new Date(state.updatedAt).toISOString(), type, ...extra });
}

/** Projects the current view into the read model (introduced by a patch: older runs never did). */
function project(run: Run): void {
  if (!patched('read-model-projection')) return;
  run.projectionVersion += 1;
  run.background.push(projections.projectReplacement({ view: view(run), version: run.projectionVersion }).catch(() => undefined));
}

export function publish(run: Run): void {
  const { state } = run;
  project(run);
  const deadline = state.shipment?.deadline;
  upsertSearchAttributes([
    { key: SA_STATUS, value: state.status },
    { key: SA_HOLD_STATE, value: state.holdState },
    { key: SA_FLAGS, value: [...state.flags] },
    ...(deadline != null ? [{ key: SA_DEADLINE, value: new Date(deadline) }] : []),
  ]);
}

export function setStatus(run: Run, next: Status): void {
  run.state.status = next;
  run.state.updatedAt = Date.now();
  publish(run);
}

export function flag(run: Run, f: Flag): void {
  if (run.state.flags.has(f)) return;
  run.state.flags.add(f);
  publish(run);
}

type CustomerData<K extends EmailTemplate> = Omit<TemplateData[K], 'serviceNumber' | 'productName'>;

/** Emails go out in the background so a slow mail server never delays money or stock. */
export function notify<K extends Exclude<EmailTemplate, 'sla_breach'>>(run: Run, template: K, step: string, data: CustomerData<K>): void {
  const { input } = run;
  run.background.push(
    mail
      .sendEmail({
        template,
        step,
        to: input.customer.email,
        locale: input.customer.locale,
        data: { serviceNumber: run.id, productName: run.state.terms?.item.name ?? input.sku, ...data },
      })
      .then(() => note(run, 'email_sent', { detail: template }))
      .catch(() => {
        flag(run, 'email_undelivered');
        note(run, 'email_failed', { detail: template });
      }),
  );
}

/** The warehouse lead hears of a missed dispatch SLA; like every email, in the background. */
export function alertWarehouse(run: Run, data: TemplateData['sla_breach']): void {
  run.background.push(
    mail
      .sendWarehouseAlert({ template: 'sla_breach', step: 'sla-breach', locale: 'nb', data })
      .then(() => undefined)
      .catch(() => flag(run, 'email_undelivered')),
  );
}

/** The last projection, then every email and projection still in flight; then the final view. */
export async function finish(run: Run): Promise<ReplacementView> {
  project(run);
  await Promise.all(run.background);
  return view(run);
}

/** Sleeps until `deadlineMs` or until `fn` holds; true when `fn` held. */
export async function waitUntil(fn: () => boolean, deadlineMs: number): Promise<boolean> {
  const ms = deadlineMs - Date.now();
  if (ms <= 0) return fn();
  return condition(fn, ms);
}
