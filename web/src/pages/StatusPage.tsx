import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { cancelRefusal, isTerminal } from '@domain/lifecycle';
import { api, ApiProblem, unwrap, type Replacement, type Session } from '../api/client';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useCatalog } from './StartPage';
import { usePortalConfig } from '../api/portal-config';
import { CardError } from '../card/card-step';
import { confirmWithStripe, withReturnUrl } from '../card/next-action';

/** How often an open replacement is read again while the page is open. */
const POLL_MS = 3000;

function useReplacement(id: string) {
  return useQuery({
    queryKey: ['replacement', id],
    queryFn: async () => unwrap(await api.GET('/v1/replacements/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data && isTerminal(q.state.data.status) ? false : POLL_MS),
    retry: (n, err) => !(err instanceof ApiProblem && err.status < 500) && n < 2,
  });
}

export function StatusPage({ id }: { id: string; session: Session }) {
  const { t, dateTime } = useI18n();
  const replacement = useReplacement(id);
  if (replacement.isPending) return <p role="status">{t.loading}</p>;
  if (replacement.isError) {
    const notFound = replacement.error instanceof ApiProblem && (replacement.error.status === 404 || replacement.error.status === 403);
    return <p role="alert">{notFound ? t.status.notFound : t.loadFailed(replacement.error.message)}</p>;
  }
  const v = replacement.data;
  return (
    <article aria-labelledby="status-heading">
      <h1 id="status-heading">{t.status.heading(v.id)}</h1>
      <p className="status-line" aria-live="polite">
        {t.status.current}: <strong className={`status status-${v.status}`}>{t.statuses[v.status]}</strong>
      </p>
      <p className="hint">{t.status.refreshed(dateTime(replacement.dataUpdatedAt))}</p>
      <Summary v={v} />
      <ReturnBlock v={v} />
      <Settlement v={v} />
      <CancelBlock v={v} />
      <Timeline v={v} />
    </article>
  );
}

/** Starts (or starts again) Stripe's 3-D Secure challenge for the hold; the webhook reports how it ended. */
function StripeConfirm({ clientSecret }: { clientSecret: string }) {
  const { t, lang } = useI18n();
  const publishableKey = usePortalConfig().data?.payments.publishableKey;
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  if (!publishableKey) return null;
  const start = () => {
    setBusy(true);
    setFailed(null);
    confirmWithStripe(publishableKey, clientSecret, lang)
      .catch((err: unknown) => setFailed((err instanceof CardError && err.message) || t.card.stripeUnavailable))
      .finally(() => setBusy(false));
  };
  return (
    <p>
      <button type="button" className="button" onClick={start} disabled={busy} aria-describedby={failed ? 'confirm-error' : undefined}>
        {t.status.authenticate}
      </button>
      {failed ? (
        <span id="confirm-error" role="alert" className="error">
          {failed}
        </span>
      ) : null}
    </p>
  );
}

function Summary({ v }: { v: Replacement }) {
  const { t, money, dateTime } = useI18n();
  const reason = v.status === 'declined' ? v.declineReason : v.status === 'ineligible' ? v.ineligibleReason : null;
  const next = v.hold.nextAction;
  return (
    <>
      {reason ? (
        <div className="notice bad" role="alert">
          <p>{reason}</p>
        </div>
      ) : null}
      {next?.url ? (
        <p>
          <a className="button" href={withReturnUrl(next.url, `/replacements/${encodeURIComponent(v.id)}`)}>
            {t.status.authenticate}
          </a>
        </p>
      ) : null}
      {next?.clientSecret ? <StripeConfirm clientSecret={next.clientSecret} /> : null}
      <dl className="facts">
        <dt>{t.status.product}</dt>
        <dd>{v.productName ?? v.sku}</dd>
        <dt>{t.status.serial}</dt>
        <dd>{v.serialNumber}</dd>
        <dt>{t.status.hold}</dt>
        <dd>{money(v.holdAmount)}</dd>
        <dt>{t.status.holdState}</dt>
        <dd data-testid="hold-state">{t.holdStates[v.hold.state]}</dd>
        {v.dispatchDueBy && !v.dispatch && !isTerminal(v.status) ? (
          <>
            <dt>{t.status.dispatchBy}</dt>
            <dd>{dateTime(v.dispatchDueBy)}</dd>
          </>
        ) : null}
      </dl>
    </>
  );
}

function ReturnBlock({ v }: { v: Replacement }) {
  const { t, money, dateTime } = useI18n();
  const catalog = useCatalog();
  if (!v.returnDeadline || v.receivedAt || isTerminal(v.status)) return null;
  const fee = catalog.data?.items.find((i) => i.sku === v.sku)?.fees.lateReturnFee;
  return (
    <section aria-labelledby="return-heading" className="return">
      <h2 id="return-heading">{t.status.returnBy}</h2>
      <p>
        <strong>{dateTime(v.returnDeadline)}</strong>
        {v.returnBusinessDaysLeft !== undefined ? <> — {t.status.daysLeft(v.returnBusinessDaysLeft)}</> : null}
      </p>
      <p>{t.status.lateWarning(fee !== undefined ? money(fee) : null)}</p>
      {v.returnLabel ? (
        <p>
          <a href={v.returnLabel.url} download>
            {t.status.downloadLabel}
          </a>
        </p>
      ) : null}
    </section>
  );
}

function Settlement({ v }: { v: Replacement }) {
  const { t, money } = useI18n();
  if (!v.inspection && v.capturedAmount === 0 && v.refundedAmount === 0 && !v.resolution) return null;
  return (
    <section aria-labelledby="inspection-heading">
      <h2 id="inspection-heading">{t.status.inspection}</h2>
      <dl className="facts">
        {v.inspection ? (
          <>
            <dt>{t.status.outcome}</dt>
            <dd>{t.outcomes[v.inspection.outcome]}</dd>
            <dt>{t.status.why}</dt>
            <dd>{v.inspection.basis}</dd>
          </>
        ) : null}
        <dt>{t.status.charged}</dt>
        <dd>{money(v.capturedAmount)}</dd>
        {v.refundedAmount > 0 ? (
          <>
            <dt>{t.status.refunded}</dt>
            <dd>{money(v.refundedAmount)}</dd>
          </>
        ) : null}
      </dl>
      {v.resolution ? <p>{t.resolutions[v.resolution]}</p> : null}
    </section>
  );
}

function CancelBlock({ v }: { v: Replacement }) {
  const { t, dateTime } = useI18n();
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/replacements/{id}/cancel', { params: { path: { id: v.id } }, body: {} })),
    onSuccess: (view) => queryClient.setQueryData(['replacement', v.id], view),
  });
  if (isTerminal(v.status)) return null;
  const fmt = (iso: string | null) => (iso ? dateTime(iso) : null);
  const refusal = cancelRefusal({
    status: v.status,
    cancelling: false,
    inFlight: null,
    dispatchedAt: fmt(v.dispatch?.dispatchedAt ?? null),
    returnDeadline: fmt(v.returnDeadline),
  });
  const why = refusal
    ? t.cancelRefusal({ refusal, status: t.statuses[v.status], dispatchedAt: fmt(v.dispatch?.dispatchedAt ?? null), returnDeadline: fmt(v.returnDeadline) })
    : null;
  return (
    <section className="cancel">
      <button
        type="button"
        disabled={!!refusal || cancel.isPending}
        aria-describedby={why ? 'cancel-why' : undefined}
        onClick={() => {
          if (window.confirm(t.status.cancelConfirm)) cancel.mutate();
        }}
      >
        {cancel.isPending ? t.status.cancelling : t.status.cancel}
      </button>
      {why ? (
        <p id="cancel-why" className="hint">
          <strong>{t.status.cannotCancel}:</strong> {why}
        </p>
      ) : null}
      {cancel.isError ? <p role="alert">{cancel.error.message}</p> : null}
    </section>
  );
}

function Timeline({ v }: { v: Replacement }) {
  const { t, money, dateTime } = useI18n();
  const entries = v.timeline.filter((e) => e.type !== 'email_sent' && e.type !== 'eligibility_checked');
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t.status.timeline}</h2>
      <ol className="timeline">
        {entries.map((e, i) => (
          <li key={`${e.at}-${i}`}>
            <time dateTime={e.at}>{dateTime(e.at)}</time> {t.timeline[e.type]}
            {e.amount !== undefined ? <> ({money(e.amount)})</> : null}
          </li>
        ))}
      </ol>
      <p>
        <Link href="/">{t.request.back}</Link>
      </p>
    </section>
  );
}
