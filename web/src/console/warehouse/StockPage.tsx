// Stock: per SKU what is on hand, promised, free and waited for; record units received or correct
// the count with a reason; the journal of movements.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { STOCK_ADJUSTMENT_REASONS, type StockAdjustmentReason } from '@domain/vocabulary';
import { api, ApiProblem, unwrap } from '../../api/client';
import { useI18n } from '../../i18n';
import { Field } from '../../pages/Field';
import type { ConsolePageProps } from '../page-props';
import { CONSOLE_POLL_MS } from '../poll';
import { useWords } from '../words';
import { WAREHOUSE_MESSAGES } from './messages';
import { TableBox } from './TableBox';
import { useKeyPerBody } from '../../api/idempotency';

export function StockPage(_props: ConsolePageProps) {
  const w = useWords(WAREHOUSE_MESSAGES);
  const { t } = useI18n();
  const stock = useQuery({
    queryKey: ['stock'],
    queryFn: async () => unwrap(await api.GET('/v1/warehouse/stock')),
    refetchInterval: CONSOLE_POLL_MS,
  });
  const [sku, setSku] = useState<string | null>(null);
  const items = stock.data?.items ?? [];
  const chosen = sku ?? items[0]?.sku ?? null;

  return (
    <div className="warehouse">
      <h1>{w.stock.heading}</h1>
      {stock.isPending ? <p role="status">{t.loading}</p> : null}
      {stock.isError ? <p role="alert">{w.failed(stock.error.message)}</p> : null}
      {items.length > 0 ? (
        <TableBox label={w.stock.heading}>
          <table className="wh-table">
            <thead>
              <tr>
                <th scope="col">{w.stock.sku}</th>
                <th scope="col">{w.stock.name}</th>
                <th scope="col" className="num">
                  {w.stock.onHand}
                </th>
                <th scope="col" className="num">
                  {w.stock.reserved}
                </th>
                <th scope="col" className="num">
                  {w.stock.available}
                </th>
                <th scope="col" className="num">
                  {w.stock.waiting}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{w.stock.choose}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.sku} aria-current={i.sku === chosen ? 'true' : undefined}>
                  <th scope="row">{i.sku}</th>
                  <td>{i.name ?? <span className="hint">{w.stock.notInCatalog}</span>}</td>
                  <td className="num">{i.onHand}</td>
                  <td className="num">{i.reserved}</td>
                  <td className="num">{i.available}</td>
                  <td className="num">{i.waiting}</td>
                  <td>
                    <button type="button" aria-pressed={i.sku === chosen} onClick={() => setSku(i.sku)} aria-label={`${w.stock.choose} ${i.sku}`}>
                      {w.stock.choose}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      ) : null}
      {chosen ? <SkuActions key={chosen} sku={chosen} /> : null}
    </div>
  );
}

type Kind = 'receipt' | 'adjustment';

function useStockChange(sku: string, kind: Kind) {
  const queryClient = useQueryClient();
  // One key per filled form: a submit retried after a lost answer is not counted twice.
  const key = useKeyPerBody();
  return useMutation({
    mutationFn: async (body: { quantity: number; note?: string; reason?: StockAdjustmentReason }) => {
      const params = { path: { sku }, header: { 'Idempotency-Key': key.keyFor(body) } };
      return kind === 'receipt'
        ? unwrap(await api.POST('/v1/warehouse/stock/{sku}/receipts', { params, body: { quantity: body.quantity, note: body.note } }))
        : unwrap(
            await api.POST('/v1/warehouse/stock/{sku}/adjustments', {
              params,
              body: { quantity: body.quantity, reason: body.reason!, note: body.note },
            }),
          );
    },
    onSuccess: () => {
      key.forget();
      void queryClient.invalidateQueries({ queryKey: ['stock'] });
      void queryClient.invalidateQueries({ queryKey: ['stock-movements', sku] });
    },
  });
}

const errorsOf = (err: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (err instanceof ApiProblem) for (const e of err.problem.errors ?? []) out[e.path] ??= e.message;
  return out;
};

function SkuActions({ sku }: { sku: string }) {
  const w = useWords(WAREHOUSE_MESSAGES);
  const { t, dateTime } = useI18n();
  const movements = useQuery({
    queryKey: ['stock-movements', sku],
    queryFn: async () => unwrap(await api.GET('/v1/warehouse/stock/{sku}/movements', { params: { path: { sku }, query: { limit: 50 } } })),
    refetchInterval: CONSOLE_POLL_MS,
  });
  return (
    <section aria-labelledby="sku-heading" className="stock-actions">
      <h2 id="sku-heading" tabIndex={-1}>
        {w.stock.chosen(sku)}
      </h2>
      <div className="stock-forms">
        <StockForm sku={sku} kind="receipt" />
        <StockForm sku={sku} kind="adjustment" />
      </div>
      <h3>{w.stock.movementsHeading(sku)}</h3>
      {movements.isError ? <p role="alert">{w.failed(movements.error.message)}</p> : null}
      {movements.isPending ? <p role="status">{t.loading}</p> : null}
      {movements.data ? (
        <TableBox label={w.stock.movementsHeading(sku)}>
          <table className="wh-table">
            <thead>
              <tr>
                <th scope="col">{w.stock.at}</th>
                <th scope="col">{w.stock.kind}</th>
                <th scope="col" className="num">
                  {w.stock.change}
                </th>
                <th scope="col" className="num">
                  {w.stock.after}
                </th>
                <th scope="col">{w.stock.reason}</th>
                <th scope="col">{w.stock.reference}</th>
                <th scope="col">{w.stock.actor}</th>
              </tr>
            </thead>
            <tbody>
              {movements.data.items.map((m) => (
                <tr key={m.id}>
                  <td>
                    <time dateTime={m.at}>{dateTime(m.at)}</time>
                  </td>
                  <td>{w.stock.kinds[m.kind]}</td>
                  <td className="num">{m.quantity > 0 ? `+${m.quantity}` : m.quantity}</td>
                  <td className="num">{m.onHandAfter}</td>
                  <td>
                    {m.reason ? w.stock.reasons[m.reason] : null}
                    {m.note ? <span className="hint"> {m.note}</span> : null}
                  </td>
                  <td>{m.reference ?? w.none}</td>
                  <td>{m.actor ?? w.none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      ) : null}
    </section>
  );
}

function StockForm({ sku, kind }: { sku: string; kind: Kind }) {
  const w = useWords(WAREHOUSE_MESSAGES);
  const change = useStockChange(sku, kind);
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState<StockAdjustmentReason>('count_correction');
  const [note, setNote] = useState('');
  const errors = errorsOf(change.error);
  const general = change.error && Object.keys(errors).length === 0 ? change.error.message : null;
  const id = (f: string) => `${kind}-${f}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Sent as typed (a number when it is one) so the API's own message says what to fix.
    const n = quantity.trim() === '' ? Number.NaN : Number(quantity);
    change.mutate({
      quantity: n,
      note: note.trim() || undefined,
      ...(kind === 'adjustment' ? { reason } : {}),
    });
  };

  return (
    <form onSubmit={submit} className="stock-form" aria-labelledby={id('heading')} noValidate>
      <h3 id={id('heading')}>{kind === 'receipt' ? w.stock.receiptHeading : w.stock.adjustmentHeading}</h3>
      <Field id={id('quantity')} label={w.stock.quantity} hint={kind === 'adjustment' ? w.stock.adjustmentQuantityHint : undefined} error={errors.quantity}>
        {(p) => <input {...p} type="text" inputMode={kind === 'receipt' ? 'numeric' : 'text'} value={quantity} onChange={(e) => setQuantity(e.target.value)} />}
      </Field>
      {kind === 'adjustment' ? (
        <Field id={id('reason')} label={w.stock.reason} error={errors.reason}>
          {(p) => (
            <select {...p} value={reason} onChange={(e) => setReason(e.target.value as StockAdjustmentReason)}>
              {STOCK_ADJUSTMENT_REASONS.map((r) => (
                <option key={r} value={r}>
                  {w.stock.reasons[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field id={id('note')} label={w.stock.note} error={errors.note}>
        {(p) => <input {...p} type="text" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <button type="submit" disabled={change.isPending}>
        {w.stock.record}
      </button>
      <div aria-live="polite">
        {general ? (
          <p role="alert" className="error">
            {general}
          </p>
        ) : null}
        {change.isSuccess ? (
          <p role="status">
            {w.stock.recorded(sku, change.data.stock.onHand)} {change.data.woken.length ? w.stock.woken(change.data.woken.join(', ')) : null}
          </p>
        ) : null}
      </div>
    </form>
  );
}
