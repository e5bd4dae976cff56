// Receiving: the return label (or service number) finds the parcel, its expected serial is shown
// big, the unit's serial is scanned. A wrong unit stops at an alert that must be acknowledged, and
// nothing is sent; the right one records the receipt.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { sameSerial } from '@domain/lifecycle';
import { api, ApiProblem, unwrap } from '../../api/client';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import type { ConsolePageProps } from '../page-props';
import { CONSOLE_POLL_MS } from '../poll';
import { useWords } from '../words';
import { WAREHOUSE_MESSAGES } from './messages';
import { acknowledgeMismatch, receivingCleared, receivingScan, type ReceivingState } from './receiving-steps';
import { ScanField } from './ScanField';
import { newIdempotencyKey } from '../../api/idempotency';

export function ReceivingPage(_props: ConsolePageProps) {
  const w = useWords(WAREHOUSE_MESSAGES);
  const { t } = useI18n();
  const [state, setState] = useState<ReceivingState>(receivingCleared);
  const [notice, setNotice] = useState<string | null>(null);
  const [focusKey, setFocusKey] = useState(0);

  const returns = useQuery({
    queryKey: ['incoming-returns'],
    queryFn: async () => unwrap(await api.GET('/v1/warehouse/incoming-returns')),
    refetchInterval: CONSOLE_POLL_MS,
  });
  const items = returns.data?.items ?? [];

  const receive = useMutation({
    mutationFn: async ({ id, serial }: { id: string; serial: string }) =>
      unwrap(
        await api.POST('/v1/replacements/{id}/receipt', {
          params: { path: { id } },
          body: { serialNumber: serial },
          headers: { 'Idempotency-Key': newIdempotencyKey() },
        }),
      ),
    onSuccess: (view) => {
      setState({ step: 'received', id: view.id });
      void returns.refetch();
    },
    onError: (err, { id }) => {
      const expected = items.find((i) => i.id === id)?.expectedSerialNumber ?? '';
      setState({ step: 'failed', id, expected, message: err instanceof ApiProblem ? err.message : String(err) });
    },
    onSettled: () => setFocusKey((k) => k + 1),
  });

  const onScan = (code: string) => {
    setNotice(null);
    const next = receivingScan(state, code, items, sameSerial);
    setState(next.state);
    if (next.effect === 'unknown') setNotice(w.receiving.unknown(code));
    if (next.effect === 'submit') receive.mutate({ id: next.id, serial: next.serial });
  };

  const acknowledge = () => {
    setState(acknowledgeMismatch(state));
    setNotice(w.receiving.nothingSent);
    setFocusKey((k) => k + 1);
  };

  const expected = state.step === 'serial' || state.step === 'failed' || state.step === 'mismatch' ? state.expected : null;
  const instruction =
    state.step === 'serial' || state.step === 'failed' || state.step === 'mismatch'
      ? w.receiving.stepSerial(state.id)
      : state.step === 'sending'
        ? t.loading
        : w.receiving.stepFind;

  return (
    <div
      className="warehouse"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && state.step !== 'mismatch') {
          setState(receivingCleared);
          setNotice(null);
          setFocusKey((k) => k + 1);
        }
      }}
    >
      <h1>{w.receiving.heading}</h1>
      <section className="scan-panel" aria-label={w.receiving.heading}>
        <ScanField
          id="receiving-scan"
          label={w.receiving.scanLabel}
          instruction={instruction}
          onScan={onScan}
          focusKey={focusKey}
          paused={state.step === 'mismatch'}
        />
        {expected ? (
          <div className="scan-expected">
            <span>{w.receiving.expected}</span>
            <strong className="scan-big" data-testid="expected-serial">
              {expected}
            </strong>
          </div>
        ) : null}
        <div aria-live="polite">
          {notice ? (
            <p className="notice" role="status">
              {notice}
            </p>
          ) : null}
          {state.step === 'failed' ? (
            <p className="notice bad" role="alert">
              {w.receiving.refused(state.message)}
            </p>
          ) : null}
          {state.step === 'received' ? (
            <div className="notice good" role="status">
              <p>{w.receiving.received(state.id)}</p>
              <p>
                <Link className="button" href={`/console/inspection/${encodeURIComponent(state.id)}`}>
                  {w.receiving.inspectNow}
                </Link>
              </p>
            </div>
          ) : null}
        </div>
        {returns.isError ? <p role="alert">{w.failed(returns.error.message)}</p> : null}
        {returns.data ? <p className="hint">{w.receiving.waiting(items.length)}</p> : null}
      </section>
      {state.step === 'mismatch' ? <MismatchAlert expected={state.expected} scanned={state.scanned} onAcknowledge={acknowledge} /> : null}
    </div>
  );
}

function MismatchAlert({ expected, scanned, onAcknowledge }: { expected: string; scanned: string; onAcknowledge(): void }) {
  const w = useWords(WAREHOUSE_MESSAGES);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    // Modal: the rest of the page is inert until the mismatch is acknowledged.
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="mismatch-heading"
      aria-describedby="mismatch-text"
      className="mismatch"
      // Escape would close it unacknowledged; only Enter or the button do.
      onCancel={(e) => e.preventDefault()}
    >
      <h2 id="mismatch-heading">
        <span aria-hidden="true">⚠ </span>
        {w.receiving.mismatchHeading}
      </h2>
      <p id="mismatch-text">{w.receiving.mismatchText}</p>
      <dl className="mismatch-serials">
        <div>
          <dt>{w.receiving.expected}</dt>
          <dd data-testid="mismatch-expected">{expected}</dd>
        </div>
        <div>
          <dt>{w.receiving.scanned}</dt>
          <dd data-testid="mismatch-scanned">{scanned}</dd>
        </div>
      </dl>
      <button type="button" className="button" autoFocus onClick={onAcknowledge}>
        {w.receiving.acknowledge}
      </button>
    </dialog>
  );
}
