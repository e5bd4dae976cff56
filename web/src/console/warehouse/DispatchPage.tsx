// Dispatch: the queue, most urgent first, and scan-to-dispatch — the service number, then the unit.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { SERVICE_LEVELS, type ServiceLevel } from '@domain/vocabulary';
import { api, ApiProblem, unwrap, type Replacement } from '../../api/client';
import { useI18n } from '../../i18n';
import type { ConsolePageProps } from '../page-props';
import { CONSOLE_POLL_MS } from '../poll';
import { useWords } from '../words';
import { dispatchCleared, dispatchFailed, dispatchScan, dispatchSent, pickedId, type DispatchState } from './dispatch-steps';
import { WAREHOUSE_MESSAGES } from './messages';
import { TableBox } from './TableBox';
import { ScanField } from './ScanField';
import { newIdempotencyKey } from '../../api/idempotency';

type QueueItem = Awaited<ReturnType<typeof readQueue>>['items'][number];

async function readQueue() {
  return unwrap(await api.GET('/v1/warehouse/dispatch-queue'));
}

const dueAt = (i: QueueItem) => (i.dispatchDueBy ? Date.parse(i.dispatchDueBy) : Number.POSITIVE_INFINITY);

export function DispatchPage(_props: ConsolePageProps) {
  const w = useWords(WAREHOUSE_MESSAGES);
  const { t, dateTime } = useI18n();
  const [level, setLevel] = useState<ServiceLevel | ''>('');
  const [state, setState] = useState<DispatchState>(dispatchCleared);
  const [notice, setNotice] = useState<string | null>(null);
  const [shipped, setShipped] = useState<Replacement | null>(null);
  const [focusKey, setFocusKey] = useState(0);

  const queue = useQuery({ queryKey: ['dispatch-queue'], queryFn: readQueue, refetchInterval: CONSOLE_POLL_MS });
  const picked = pickedId(state);
  const detail = useQuery({
    queryKey: ['replacement', picked],
    enabled: picked !== null && state.step !== 'sent',
    queryFn: async () => unwrap(await api.GET('/v1/replacements/{id}', { params: { path: { id: picked! } } })),
  });

  const dispatch = useMutation({
    mutationFn: async ({ id, serial }: { id: string; serial: string }) =>
      unwrap(
        await api.POST('/v1/replacements/{id}/dispatch', {
          params: { path: { id } },
          body: { replacementSerialNumber: serial },
          // A new key per submit: the API answers a retried request with its first answer.
          headers: { 'Idempotency-Key': newIdempotencyKey() },
        }),
      ),
    onSuccess: (view) => {
      setShipped(view);
      setState(dispatchSent(view.id));
      void queue.refetch();
    },
    onError: (err, { id }) => setState(dispatchFailed(id, err instanceof ApiProblem ? err.message : String(err))),
    onSettled: () => setFocusKey((k) => k + 1),
  });

  const items = [...(queue.data?.items ?? [])].sort((a, b) => dueAt(a) - dueAt(b));
  const shown = level ? items.filter((i) => i.serviceLevel === level) : items;
  const pickedItem = items.find((i) => i.id === picked);

  const onScan = (code: string) => {
    setNotice(null);
    const held = items.find((i) => i.id === code && i.reviewRequired);
    if (held) {
      setNotice(w.dispatch.mayNotShip(held.id));
      return;
    }
    const ready = new Set(items.filter((i) => !i.reviewRequired).map((i) => i.id));
    const next = dispatchScan(state, code, ready);
    setState(next.state);
    if (next.effect === 'unknown') setNotice(w.dispatch.unknown(code));
    if (next.effect === 'submit') {
      setShipped(null);
      dispatch.mutate({ id: next.id, serial: next.serial });
    }
  };

  const instruction =
    state.step === 'sending' ? w.dispatch.sending : state.step === 'unit' || state.step === 'failed' ? w.dispatch.stepUnit(state.id) : w.dispatch.stepPick;

  return (
    <div
      className="warehouse"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          setState(dispatchCleared);
          setNotice(null);
          setShipped(null);
          setFocusKey((k) => k + 1);
        }
      }}
    >
      <h1>{w.dispatch.heading}</h1>
      <section aria-labelledby="scan-heading" className="scan-panel">
        <h2 id="scan-heading">{w.dispatch.scanHeading}</h2>
        <ScanField id="dispatch-scan" label={w.scan.label} instruction={instruction} onScan={onScan} focusKey={focusKey} />
        <div aria-live="polite">
          {notice ? (
            <p className="notice bad" role="alert">
              {notice}
            </p>
          ) : null}
          {state.step === 'failed' ? (
            <p className="notice bad" role="alert">
              {w.dispatch.refused(state.message)}
            </p>
          ) : null}
          {state.step === 'sent' && shipped ? <Shipped v={shipped} /> : null}
        </div>
        {picked && state.step !== 'sent' ? (
          <dl className="facts scan-picked" data-testid="picked">
            <dt>{w.dispatch.service}</dt>
            <dd>
              <strong>{picked}</strong>
            </dd>
            <dt>{w.dispatch.expectedSku}</dt>
            <dd className="scan-big">{pickedItem?.sku ?? detail.data?.sku ?? w.none}</dd>
            <dt>{w.dispatch.product}</dt>
            <dd>{pickedItem?.productName ?? detail.data?.productName ?? w.none}</dd>
            <dt>{w.dispatch.customer}</dt>
            <dd>
              {detail.data?.shippingAddress
                ? `${detail.data.shippingAddress.name}, ${detail.data.shippingAddress.postalCode} ${detail.data.shippingAddress.city}`
                : null}
              {detail.data?.shippingAddress ? <br /> : null}
              {detail.data?.customer.email ?? w.none}
            </dd>
            <dt>{w.dispatch.level}</dt>
            <dd>{pickedItem?.serviceLevel ? t.serviceLevels[pickedItem.serviceLevel] : w.none}</dd>
            <dt>{w.dispatch.due}</dt>
            <dd>
              {pickedItem?.dispatchDueBy ? dateTime(pickedItem.dispatchDueBy) : w.none}
              {pickedItem?.slaBreached ? <span className="badge late">{w.dispatch.breached}</span> : null}
            </dd>
            <dt>{w.dispatch.original}</dt>
            <dd>{detail.data?.serialNumber ?? w.none}</dd>
          </dl>
        ) : null}
      </section>

      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading">{w.dispatch.queueHeading}</h2>
        <div className="toolbar">
          <label htmlFor="level-filter">{w.dispatch.filter}</label>
          <select id="level-filter" value={level} onChange={(e) => setLevel(e.target.value as ServiceLevel | '')}>
            <option value="">{w.dispatch.allLevels}</option>
            {SERVICE_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t.serviceLevels[l]}
              </option>
            ))}
          </select>
          <span className="hint" aria-live="polite">
            {w.dispatch.count(shown.length)}
          </span>
        </div>
        {queue.isError ? <p role="alert">{w.failed(queue.error.message)}</p> : null}
        {queue.isPending ? <p role="status">{t.loading}</p> : null}
        {queue.data && shown.length === 0 ? <p>{w.dispatch.empty}</p> : null}
        {shown.length > 0 ? (
          <TableBox label={w.dispatch.queueHeading}>
            <table className="wh-table">
              <thead>
                <tr>
                  <th scope="col">{w.dispatch.service}</th>
                  <th scope="col">{w.dispatch.product}</th>
                  <th scope="col">{w.dispatch.level}</th>
                  <th scope="col">{w.dispatch.due}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((i) => (
                  <tr key={i.id} className={i.slaBreached ? 'late' : undefined} aria-current={i.id === picked ? 'true' : undefined}>
                    <th scope="row">{i.id}</th>
                    <td>
                      {i.productName ?? w.none} <span className="hint">({i.sku ?? w.none})</span>
                    </td>
                    <td>{i.serviceLevel ? t.serviceLevels[i.serviceLevel] : w.none}</td>
                    <td>
                      {i.dispatchDueBy ? <time dateTime={i.dispatchDueBy}>{dateTime(i.dispatchDueBy)}</time> : w.none}{' '}
                      {i.slaBreached ? <span className="badge late">{w.dispatch.breached}</span> : null}
                      {i.reviewRequired ? <span className="badge">{w.dispatch.review}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
        ) : null}
        {queue.data?.truncated ? <p className="hint">{w.dispatch.truncated}</p> : null}
      </section>
    </div>
  );
}

function Shipped({ v }: { v: Replacement }) {
  const w = useWords(WAREHOUSE_MESSAGES);
  return (
    <div className="notice good" role="status">
      <p>{w.dispatch.sent(v.id, v.dispatch?.replacementSerialNumber ?? '')}</p>
      <ul className="labels">
        {v.dispatch?.labelUrl ? (
          <li>
            <a href={v.dispatch.labelUrl} target="_blank" rel="noopener">
              {w.dispatch.outboundLabel} <span className="visually-hidden">({w.dispatch.newTab})</span>
            </a>
          </li>
        ) : null}
        {v.returnLabel ? (
          <li>
            <a href={v.returnLabel.url} target="_blank" rel="noopener">
              {w.dispatch.returnLabel} <span className="visually-hidden">({w.dispatch.newTab})</span>
            </a>
          </li>
        ) : null}
      </ul>
    </div>
  );
}
