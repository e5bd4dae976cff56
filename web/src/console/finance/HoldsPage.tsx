// Card holds by state, with the ledger's sums per case; finance retries a declined collection or
// refunds part of what was collected from here. The state is kept in the URL (`?state=`).
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiProblem, unwrap } from '../../api/client';
import { useI18n } from '../../i18n';
import { Field } from '../../pages/Field';
import { Link } from '../../router';
import type { ConsolePageProps } from '../page-props';
import { CONSOLE_POLL_MS } from '../poll';
import { useWords } from '../words';
import { refund, retryCollection } from './finance-api';
import { newIdempotencyKey } from '../../api/idempotency';
import { parseKroner } from './kroner';
import { FINANCE_MESSAGES, HOLD_TABS, type HoldTab } from './messages';

type HoldsAnswer = Awaited<ReturnType<typeof fetchHolds>>;
type HoldRow = HoldsAnswer['items'][number];

const asTab = (v: string | null): HoldTab => ((HOLD_TABS as readonly string[]).includes(v ?? '') ? (v as HoldTab) : 'active');

async function fetchHolds(state: 'active' | 'expiring' | 'unsecured' | 'captured' | 'released', cursor: string | undefined) {
  return unwrap(await api.GET('/v1/finance/holds', { params: { query: { state, limit: 100, ...(cursor ? { cursor } : {}) } } }));
}

export function HoldsPage({ searchParams }: ConsolePageProps) {
  const w = useWords(FINANCE_MESSAGES).holds;
  const { t } = useI18n();
  const tab = asTab(searchParams.get('state'));
  // The API has no filter of its own for a declined collection: those holds are `unsecured` and flagged.
  const state = tab === 'collection_required' ? 'unsecured' : tab;
  const holds = useInfiniteQuery({
    queryKey: ['finance', 'holds', state],
    queryFn: ({ pageParam }) => fetchHolds(state, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: CONSOLE_POLL_MS,
  });
  const rows = (holds.data?.pages ?? []).flatMap((p) => p.items).filter((r) => tab !== 'collection_required' || r.flags.includes('collection_required'));
  return (
    <section aria-labelledby="holds-heading" className="finance">
      <h1 id="holds-heading">{w.heading}</h1>
      <nav aria-label={w.tabs}>
        <ul className="finance-tabs">
          {HOLD_TABS.map((k) => (
            <li key={k}>
              <Link href={`/console/holds?state=${k}`} aria-current={k === tab ? 'page' : undefined}>
                {w.tab[k]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="hint">{w.tabHint[tab]}</p>
      {holds.isPending ? (
        <p role="status">{t.loading}</p>
      ) : holds.isError ? (
        <p role="alert">{t.loadFailed(holds.error.message)}</p>
      ) : rows.length === 0 ? (
        <p role="status">{w.none}</p>
      ) : (
        <HoldsTable rows={rows} caption={w.caption(w.tab[tab])} />
      )}
      {holds.hasNextPage ? (
        <p>
          <button type="button" onClick={() => void holds.fetchNextPage()} disabled={holds.isFetchingNextPage}>
            {w.more}
          </button>
        </p>
      ) : null}
    </section>
  );
}

function HoldsTable({ rows, caption }: { rows: HoldRow[]; caption: string }) {
  const w = useWords(FINANCE_MESSAGES).holds;
  const [refunding, setRefunding] = useState<string | null>(null);
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="finance-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{w.case}</th>
            <th scope="col">{w.status}</th>
            <th scope="col" className="num">
              {w.hold}
            </th>
            <th scope="col" className="num">
              {w.captured}
            </th>
            <th scope="col" className="num">
              {w.released}
            </th>
            <th scope="col" className="num">
              {w.refunded}
            </th>
            <th scope="col">{w.captureBefore}</th>
            <th scope="col">{w.actions}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <HoldLine key={row.id} row={row} refunding={refunding === row.id} onRefund={(open) => setRefunding(open ? row.id : null)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HoldLine({ row, refunding, onRefund }: { row: HoldRow; refunding: boolean; onRefund(open: boolean): void }) {
  const w = useWords(FINANCE_MESSAGES).holds;
  const { t, money, dateTime } = useI18n();
  const l = row.ledger;
  const mayRefund = row.holdState === 'captured' || row.holdState === 'charged';
  const mayRetry = row.flags.includes('collection_required');
  return (
    <>
      <tr data-testid={`hold-${row.id}`}>
        <th scope="row">
          <Link href={`/console/cases/${encodeURIComponent(row.id)}`}>{row.id}</Link>
        </th>
        <td>
          {row.status ? t.statuses[row.status] : '—'}
          {row.holdState ? <span className="hint block">{t.holdStates[row.holdState]}</span> : null}
        </td>
        <td className="num">{money(l.authorized + l.reAuthorized)}</td>
        <td className="num" data-testid="captured">
          {money(l.captured + l.charged)}
        </td>
        <td className="num">{money(l.released)}</td>
        <td className="num" data-testid="refunded">
          {money(l.refunded)}
        </td>
        <td>{row.captureBefore ? <time dateTime={row.captureBefore}>{dateTime(row.captureBefore)}</time> : w.noCaptureBefore}</td>
        <td>
          {mayRetry ? <RetryCollection id={row.id} /> : null}
          {mayRefund ? (
            <button type="button" aria-expanded={refunding} aria-controls={`refund-${row.id}`} onClick={() => onRefund(!refunding)}>
              {w.refund}
            </button>
          ) : null}
        </td>
      </tr>
      {refunding ? (
        <tr className="finance-form-row">
          <td colSpan={8} id={`refund-${row.id}`}>
            <RefundForm id={row.id} onClose={() => onRefund(false)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function RetryCollection({ id }: { id: string }) {
  const w = useWords(FINANCE_MESSAGES).holds;
  const { money } = useI18n();
  const queryClient = useQueryClient();
  const retry = useMutation({
    // One key per click: a click is one intended collection.
    mutationFn: () => retryCollection(id, newIdempotencyKey()),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['finance', 'holds'] }),
  });
  return (
    <span className="finance-action">
      <button type="button" onClick={() => retry.mutate()} disabled={retry.isPending}>
        {retry.isPending ? w.retrying : w.retry}
      </button>
      <span role="status">
        {retry.data ? w.retried[retry.data.action.outcome === 'collected' ? 'collected' : 'declined'](money(retry.data.action.amount)) : null}
      </span>
      {retry.isError ? (
        <span role="alert" className="error">
          {retry.error.message}
        </span>
      ) : null}
    </span>
  );
}

interface FieldErrors {
  amount?: string;
  reason?: string;
  form?: string;
}

function RefundForm({ id, onClose }: { id: string; onClose(): void }) {
  const w = useWords(FINANCE_MESSAGES).holds;
  const { money } = useI18n();
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  // Kept while the form says the same thing, so a resubmit after a lost answer refunds once.
  const [key, setKey] = useState(newIdempotencyKey);
  const [done, setDone] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (body: { amount: number; reason: string }) => refund(id, body, key),
    onSuccess: (answer) => {
      setDone(w.refunded_(money(answer.action.amount), money(answer.refundable)));
      setAmount('');
      setReason('');
      setKey(newIdempotencyKey());
      void queryClient.invalidateQueries({ queryKey: ['finance', 'holds'] });
    },
    onError: (err) => setErrors(problemErrors(err)),
  });
  const edit = (set: (v: string) => void) => (v: string) => {
    set(v);
    setKey(newIdempotencyKey());
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const parsed = parseKroner(amount);
    const next: FieldErrors = {};
    if (!parsed.ok) next.amount = w.amountProblem[parsed.problem];
    if (!reason.trim()) next.reason = w.reasonRequired;
    setErrors(next);
    if (parsed.ok && !next.reason) send.mutate({ amount: parsed.minor, reason: reason.trim() });
  };
  const fieldId = (f: string) => `refund-${id}-${f}`;
  return (
    <form className="finance-form" onSubmit={submit} noValidate aria-label={w.refundOf(id)}>
      <Field id={fieldId('amount')} label={w.amount} hint={w.amountHint} error={errors.amount}>
        {(p) => <input {...p} name="amount" inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => edit(setAmount)(e.target.value)} />}
      </Field>
      <Field id={fieldId('reason')} label={w.reason} error={errors.reason}>
        {(p) => <input {...p} name="reason" maxLength={500} value={reason} onChange={(e) => edit(setReason)(e.target.value)} />}
      </Field>
      {errors.form ? (
        <p role="alert" className="error">
          {errors.form}
        </p>
      ) : null}
      <p className="finance-buttons">
        <button type="submit" className="button" disabled={send.isPending}>
          {send.isPending ? w.sending : w.send}
        </button>
        <button type="button" onClick={onClose}>
          {w.close}
        </button>
      </p>
      <p role="status" className="finance-done">
        {done}
      </p>
    </form>
  );
}

/** The API's answer placed where it belongs: a refusal about the amount (409: more than is left) next to the amount. */
function problemErrors(err: Error): FieldErrors {
  if (!(err instanceof ApiProblem)) return { form: err.message };
  const out: FieldErrors = {};
  for (const e of err.problem.errors ?? []) {
    const field = e.path.split('.')[0];
    if (field === 'amount' || field === 'reason') out[field] = out[field] ? `${out[field]} ${e.message}` : e.message;
  }
  if (err.status === 409 && !out.amount) out.amount = err.message;
  if (!out.amount && !out.reason) out.form = err.message;
  return out;
}
