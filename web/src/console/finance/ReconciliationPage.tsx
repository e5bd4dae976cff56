// Reconciliation findings (the ledger against the payment provider): open ones by default, resolved
// ones too with `?resolved=1`; each is resolved with a note of what was done.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiProblem, unwrap } from '../../api/client';
import { useI18n } from '../../i18n';
import { Field } from '../../pages/Field';
import { Link, navigate } from '../../router';
import type { ConsolePageProps } from '../page-props';
import { CONSOLE_POLL_MS } from '../poll';
import { useWords } from '../words';
import { resolveFinding } from './finance-api';
import { FINANCE_MESSAGES } from './messages';

async function fetchFindings(withResolved: boolean) {
  return unwrap(await api.GET('/v1/finance/reconciliation', { params: { query: { open: withResolved ? 'false' : 'true' } } })).items;
}
type FindingRow = Awaited<ReturnType<typeof fetchFindings>>[number];

export function ReconciliationPage({ searchParams }: ConsolePageProps) {
  const w = useWords(FINANCE_MESSAGES).reconciliation;
  const { t } = useI18n();
  const withResolved = searchParams.get('resolved') === '1';
  const findings = useQuery({
    queryKey: ['finance', 'findings', withResolved],
    queryFn: () => fetchFindings(withResolved),
    refetchInterval: CONSOLE_POLL_MS,
  });
  const [resolving, setResolving] = useState<number | null>(null);
  return (
    <section aria-labelledby="reconciliation-heading" className="finance">
      <h1 id="reconciliation-heading">{w.heading}</h1>
      <p>{w.intro}</p>
      <p className="finance-toggle">
        <label>
          <input
            type="checkbox"
            name="resolved"
            checked={withResolved}
            onChange={(e) => navigate(e.target.checked ? '/console/reconciliation?resolved=1' : '/console/reconciliation')}
          />{' '}
          {w.showResolved}
        </label>
      </p>
      {findings.isPending ? (
        <p role="status">{t.loading}</p>
      ) : findings.isError ? (
        <p role="alert">{t.loadFailed(findings.error.message)}</p>
      ) : findings.data.length === 0 ? (
        <p role="status">{withResolved ? w.noneAtAll : w.none}</p>
      ) : (
        <div className="table-scroll" role="region" aria-label={w.heading} tabIndex={0}>
          <table className="finance-table">
            <caption className="finance-vh">{w.heading}</caption>
            <thead>
              <tr>
                <th scope="col">{w.found}</th>
                <th scope="col">{w.case}</th>
                <th scope="col">{w.kind}</th>
                <th scope="col" className="num">
                  {w.ledger}
                </th>
                <th scope="col" className="num">
                  {w.provider}
                </th>
                <th scope="col">{w.detail}</th>
                <th scope="col">{w.state}</th>
              </tr>
            </thead>
            <tbody>
              {findings.data.map((f) => (
                <FindingLine key={f.id} f={f} resolving={resolving === f.id} onResolve={(open) => setResolving(open ? f.id : null)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function FindingLine({ f, resolving, onResolve }: { f: FindingRow; resolving: boolean; onResolve(open: boolean): void }) {
  const w = useWords(FINANCE_MESSAGES).reconciliation;
  const { money, dateTime } = useI18n();
  const amount = (v: number | null) => (v === null ? <em>{w.missing}</em> : money(v));
  return (
    <>
      <tr data-testid={`finding-${f.id}`}>
        <td>
          <time dateTime={f.runAt}>{dateTime(f.runAt)}</time>
        </td>
        <th scope="row">
          <Link href={`/console/cases/${encodeURIComponent(f.replacementId)}`}>{f.replacementId}</Link>
        </th>
        <td>
          {f.kind}
          {f.providerRef ? <span className="hint block">{f.providerRef}</span> : null}
        </td>
        <td className="num">{amount(f.ledgerAmount)}</td>
        <td className="num">{amount(f.providerAmount)}</td>
        <td>{f.detail}</td>
        <td>
          {f.resolvedAt ? (
            <>
              {w.resolvedBy(f.resolvedBy ?? '—', dateTime(f.resolvedAt))}
              {f.resolutionNote ? <q className="block">{f.resolutionNote}</q> : null}
            </>
          ) : (
            <>
              {w.open}{' '}
              <button type="button" aria-expanded={resolving} aria-controls={`resolve-${f.id}`} onClick={() => onResolve(!resolving)}>
                {w.resolve}
              </button>
            </>
          )}
        </td>
      </tr>
      {resolving && !f.resolvedAt ? (
        <tr className="finance-form-row">
          <td colSpan={7} id={`resolve-${f.id}`}>
            <ResolveForm id={f.id} onClose={() => onResolve(false)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function ResolveForm({ id, onClose }: { id: number; onClose(): void }) {
  const w = useWords(FINANCE_MESSAGES).reconciliation;
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | undefined>();
  const resolve = useMutation({
    mutationFn: (text: string) => resolveFinding(id, text),
    onSuccess: () => {
      onClose();
      void queryClient.invalidateQueries({ queryKey: ['finance', 'findings'] });
    },
    onError: (err) => {
      const field = err instanceof ApiProblem ? err.problem.errors?.find((e) => e.path.split('.')[0] === 'note') : undefined;
      if (field) setError(field.message);
      else setFormError(err.message);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(undefined);
    if (!note.trim()) return setError(w.noteRequired);
    setError(undefined);
    resolve.mutate(note.trim());
  };
  return (
    <form className="finance-form" onSubmit={submit} noValidate aria-label={w.resolveOf(id)}>
      <Field id={`resolve-${id}-note`} label={w.note} hint={w.noteHint} error={error}>
        {(p) => <textarea {...p} name="note" rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      {formError ? (
        <p role="alert" className="error">
          {formError}
        </p>
      ) : null}
      <p className="finance-buttons">
        <button type="submit" className="button" disabled={resolve.isPending}>
          {resolve.isPending ? w.saving : w.save}
        </button>
        <button type="button" onClick={onClose}>
          {w.cancel}
        </button>
      </p>
    </form>
  );
}
