// Inspection: the units waiting for it, and per unit the form — outcome, beyond repair, labour time
// where it applies, notes — with the fee shown (what is captured and what released) before confirming.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { INSPECTION_OUTCOMES, type InspectionOutcome } from '@domain/vocabulary';
import { api, ApiProblem, unwrap } from '../../api/client';
import { useI18n } from '../../i18n';
import { useCatalog } from '../../pages/StartPage';
import { Field } from '../../pages/Field';
import { Link } from '../../router';
import type { ConsolePageProps } from '../page-props';
import { CONSOLE_POLL_MS } from '../poll';
import { useWords } from '../words';
import { beyondRepairApplies, inspectionBody, outcomeAllowed, outcomeNeedsLabour, type InspectionChoices } from './inspection-form';
import { WAREHOUSE_MESSAGES } from './messages';
import { TableBox } from './TableBox';
import { BEYOND_REPAIR_OUTCOMES } from '@domain/policy';
import { useKeyPerBody } from '../../api/idempotency';

const BASE = '/console/inspection';

export function InspectionPage({ pathname }: ConsolePageProps) {
  const rest = pathname.replace(/\/+$/, '').slice(BASE.length).replace(/^\//, '');
  return rest ? <InspectionForm id={decodeURIComponent(rest)} /> : <InspectionList />;
}

function InspectionList() {
  const w = useWords(WAREHOUSE_MESSAGES);
  const { t, dateTime } = useI18n();
  const list = useQuery({
    queryKey: ['replacements', 'awaiting_inspection'],
    queryFn: async () => unwrap(await api.GET('/v1/replacements', { params: { query: { status: 'awaiting_inspection', limit: 100 } } })),
    refetchInterval: CONSOLE_POLL_MS,
  });
  const items = list.data?.items ?? [];
  return (
    <div className="warehouse">
      <h1>{w.inspection.listHeading}</h1>
      {list.isPending ? <p role="status">{t.loading}</p> : null}
      {list.isError ? <p role="alert">{w.failed(list.error.message)}</p> : null}
      {list.data && items.length === 0 ? <p>{w.inspection.listEmpty}</p> : null}
      {items.length > 0 ? (
        <TableBox label={w.inspection.listHeading}>
          <table className="wh-table">
            <thead>
              <tr>
                <th scope="col">{w.dispatch.service}</th>
                <th scope="col">{w.inspection.product}</th>
                <th scope="col">{w.inspection.customer}</th>
                <th scope="col">{w.returns.deadline}</th>
                <th scope="col">
                  <span className="visually-hidden">{w.inspection.open}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i.id}</th>
                  <td>{i.sku ?? w.none}</td>
                  <td>{i.customer ?? w.none}</td>
                  <td>{i.returnDeadline ? dateTime(i.returnDeadline) : w.none}</td>
                  <td>
                    <Link href={`${BASE}/${encodeURIComponent(i.id)}`} aria-label={`${w.inspection.open} ${i.id}`}>
                      {w.inspection.open}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      ) : null}
    </div>
  );
}

function InspectionForm({ id }: { id: string }) {
  const w = useWords(WAREHOUSE_MESSAGES);
  const { t, money } = useI18n();
  const queryClient = useQueryClient();
  const catalog = useCatalog();
  const replacement = useQuery({
    queryKey: ['replacement', id],
    queryFn: async () => unwrap(await api.GET('/v1/replacements/{id}', { params: { path: { id } } })),
  });
  const [choices, setChoices] = useState<InspectionChoices>({ outcome: '', beyondRepair: false, labourMinutes: '' });
  const [notes, setNotes] = useState('');
  // One key per set of choices: a confirm retried after a lost answer gets the first answer back.
  const confirmKey = useKeyPerBody();

  const v = replacement.data;
  const labourRate = catalog.data?.items.find((i) => i.sku === v?.sku)?.fees.labourRatePerHour ?? 0;
  const body = inspectionBody(choices, '');
  const bodyKey = JSON.stringify(body);

  // The preview follows the choices by itself; notes do not change the fee, so they are not sent.
  const preview = useQuery({
    queryKey: ['inspection-preview', id, bodyKey],
    enabled: body !== null && v?.status === 'awaiting_inspection',
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: async () => unwrap(await api.POST('/v1/replacements/{id}/inspection/preview', { params: { path: { id } }, body: body! })),
  });
  const previewCurrent = preview.isSuccess && !preview.isPlaceholderData && !preview.isFetching;

  const confirm = useMutation({
    mutationFn: async () => {
      const full = inspectionBody(choices, notes)!;
      return unwrap(
        await api.POST('/v1/replacements/{id}/inspection', {
          params: { path: { id } },
          body: full,
          headers: { 'Idempotency-Key': confirmKey.keyFor(full) },
        }),
      );
    },
    onSuccess: (view) => {
      queryClient.setQueryData(['replacement', id], view);
      void queryClient.invalidateQueries({ queryKey: ['replacements', 'awaiting_inspection'] });
    },
  });

  if (replacement.isPending) return <p role="status">{t.loading}</p>;
  if (replacement.isError) return <p role="alert">{w.failed(replacement.error.message)}</p>;
  const view = replacement.data;

  const fieldErrors: Record<string, string> = {};
  const problem = confirm.error instanceof ApiProblem ? confirm.error : preview.error instanceof ApiProblem ? preview.error : null;
  for (const e of problem?.problem.errors ?? []) fieldErrors[e.path] ??= e.message;
  const generalError = problem && !problem.problem.errors?.length ? problem.message : null;

  const whyNotConfirm = confirm.isPending
    ? null
    : choices.outcome === ''
      ? w.inspection.previewNeeded
      : !previewCurrent
        ? preview.isError
          ? null
          : w.inspection.previewStale
        : null;
  const canConfirm = previewCurrent && !confirm.isPending && !confirm.isSuccess;

  return (
    <div className="warehouse">
      <h1>{w.inspection.formHeading(view.id)}</h1>
      <p>
        <Link href={BASE}>{w.inspection.back}</Link>
      </p>
      <dl className="facts">
        <dt>{w.inspection.product}</dt>
        <dd>{view.productName ?? view.sku}</dd>
        <dt>{w.inspection.serial}</dt>
        <dd>{view.serialNumber}</dd>
        <dt>{w.inspection.customer}</dt>
        <dd>{view.customer.email}</dd>
        <dt>{w.inspection.hold}</dt>
        <dd>{money(view.holdAmount)}</dd>
      </dl>

      {confirm.isSuccess ? (
        <div className="notice good" role="status">
          <p>{w.inspection.done(t.statuses[confirm.data.status])}</p>
          <p>
            {w.inspection.captured}: <strong data-testid="captured">{money(confirm.data.capturedAmount)}</strong>
            {confirm.data.resolution ? <> — {t.resolutions[confirm.data.resolution]}</> : null}
          </p>
          <p>
            <Link href={BASE}>{w.inspection.back}</Link>
          </p>
        </div>
      ) : view.status !== 'awaiting_inspection' ? (
        <p className="notice" role="status">
          {w.inspection.notAwaiting(t.statuses[view.status])}
        </p>
      ) : (
        <form
          className="inspection"
          onSubmit={(e) => {
            e.preventDefault();
            if (canConfirm) confirm.mutate();
          }}
        >
          <fieldset aria-describedby={fieldErrors.outcome ? 'outcome-error' : undefined}>
            <legend>{w.inspection.outcome}</legend>
            {INSPECTION_OUTCOMES.map((o) => {
              const allowed = outcomeAllowed(o, labourRate);
              return (
                <div key={o}>
                  <label className="choice">
                    <input
                      type="radio"
                      name="outcome"
                      value={o}
                      checked={choices.outcome === o}
                      disabled={!allowed || confirm.isPending}
                      aria-describedby={allowed ? undefined : `why-${o}`}
                      onChange={() => setChoices((c) => ({ ...c, outcome: o as InspectionOutcome, beyondRepair: beyondRepairApplies(o) && c.beyondRepair }))}
                    />
                    {t.outcomes[o]}
                  </label>
                  {allowed ? null : (
                    <p id={`why-${o}`} className="hint choice-why">
                      {w.inspection.labourNotHere}
                    </p>
                  )}
                </div>
              );
            })}
            {fieldErrors.outcome ? (
              <p id="outcome-error" className="error">
                {fieldErrors.outcome}
              </p>
            ) : null}
          </fieldset>

          <div className="field">
            <label className="choice">
              <input
                type="checkbox"
                checked={choices.beyondRepair}
                disabled={!beyondRepairApplies(choices.outcome)}
                aria-describedby="beyond-why"
                onChange={(e) => setChoices((c) => ({ ...c, beyondRepair: e.target.checked }))}
              />
              {w.inspection.beyondRepair}
            </label>
            <p id="beyond-why" className="hint">
              {w.inspection.beyondRepairOnlyFor(BEYOND_REPAIR_OUTCOMES.map((o) => t.outcomes[o]).join(', '))}
            </p>
          </div>

          {outcomeNeedsLabour(choices.outcome) ? (
            <Field id="labourMinutes" label={w.inspection.labourMinutes} hint={w.inspection.labourHint} error={fieldErrors.labourMinutes}>
              {(p) => (
                <input
                  {...p}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  step={1}
                  value={choices.labourMinutes}
                  onChange={(e) => setChoices((c) => ({ ...c, labourMinutes: e.target.value }))}
                />
              )}
            </Field>
          ) : null}

          <Field id="notes" label={w.inspection.notes} error={fieldErrors.notes}>
            {(p) => <textarea {...p} rows={3} maxLength={4000} value={notes} onChange={(e) => setNotes(e.target.value)} />}
          </Field>

          <section aria-labelledby="preview-heading" className="preview" aria-live="polite" aria-busy={preview.isFetching}>
            <h2 id="preview-heading">{w.inspection.previewHeading}</h2>
            {body === null ? <p className="hint">{w.inspection.previewNeeded}</p> : null}
            {preview.isFetching ? <p className="hint">{w.inspection.previewing}</p> : null}
            {preview.data && body !== null ? (
              <dl className="facts" data-testid="preview">
                <dt>{w.inspection.capture}</dt>
                <dd data-testid="preview-capture">{money(preview.data.capture)}</dd>
                <dt>{w.inspection.release}</dt>
                <dd data-testid="preview-release">{money(preview.data.release)}</dd>
                <dt>{w.inspection.resolution}</dt>
                <dd>{t.resolutions[preview.data.resolution]}</dd>
                <dt>{w.inspection.basis}</dt>
                <dd>{preview.data.basis}</dd>
              </dl>
            ) : null}
            {body !== null ? (
              <button type="button" onClick={() => void preview.refetch()} disabled={preview.isFetching}>
                {w.inspection.previewButton}
              </button>
            ) : null}
          </section>

          {generalError ? (
            <p className="notice bad" role="alert">
              {generalError}
            </p>
          ) : null}
          <p>
            <button type="submit" className="primary" disabled={!canConfirm} aria-describedby={whyNotConfirm ? 'confirm-why' : undefined}>
              {confirm.isPending ? w.inspection.confirming : w.inspection.confirm}
            </button>
          </p>
          {whyNotConfirm ? (
            <p id="confirm-why" className="hint">
              {whyNotConfirm}
            </p>
          ) : null}
        </form>
      )}
    </div>
  );
}
