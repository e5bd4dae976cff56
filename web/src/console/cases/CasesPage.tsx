// Case search (/console/cases?q=…) and one case (/console/cases/<service number>), for all staff.
import { useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiProblem, unwrap, type Replacement } from '../../api/client';
import { useI18n } from '../../i18n';
import { Field } from '../../pages/Field';
import { Link, navigate } from '../../router';
import { CONSOLE_MESSAGES } from '../messages';
import type { ConsolePageProps } from '../page-props';
import { CONSOLE_POLL_MS } from '../poll';
import { useWords } from '../words';
import { caseDetails, financeActions, searchCases } from './case-api';
import type { CaseDetails, CaseHit } from './case-types';
import { mergeCaseTimeline, type CaseEvent } from './case-timeline';
import { CASES_MESSAGES } from './messages';

const CASES_PATH = '/console/cases';

/** A refusal of the request itself (not found, not allowed, bad input) is not retried. */
const retry = (n: number, err: Error) => !(err instanceof ApiProblem && err.status < 500) && n < 2;

const casePath = (id: string) => `${CASES_PATH}/${encodeURIComponent(id)}`;

export function CasesPage({ pathname, searchParams }: ConsolePageProps) {
  const rest = pathname.slice(CASES_PATH.length).replace(/^\/+|\/+$/g, '');
  if (rest) return <CaseView id={decodeURIComponent(rest.split('/')[0]!)} />;
  const q = (searchParams.get('q') ?? '').trim();
  // Keyed by the query, so going back in history shows that query in the field again.
  return <CaseSearch key={q} q={q} />;
}

// ---- search ---------------------------------------------------------------------------------

function CaseSearch({ q }: { q: string }) {
  const w = useWords(CASES_MESSAGES);
  const { t } = useI18n();
  const [value, setValue] = useState(q);
  const [empty, setEmpty] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const found = useQuery({
    queryKey: ['console-cases', 'search', q],
    queryFn: () => searchCases(q),
    enabled: q !== '',
    refetchInterval: CONSOLE_POLL_MS,
    retry,
  });

  // One exact hit on a service number: that is the case asked for, so open it (in place of the search).
  const direct = found.data?.items.length === 1 && found.data.items[0]!.id.toLowerCase() === q.toLowerCase() ? found.data.items[0]!.id : null;
  useEffect(() => {
    if (!direct) return;
    window.history.replaceState(null, '', casePath(direct));
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, [direct]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = value.trim();
    setEmpty(next === '');
    if (next !== '') navigate(`${CASES_PATH}?q=${encodeURIComponent(next)}`);
  };

  const problem = found.error instanceof ApiProblem && found.error.status < 500 ? found.error : null;
  const fieldError = empty ? w.searchEmpty : problem ? (problem.problem.errors?.[0]?.message ?? problem.message) : undefined;

  return (
    <section aria-labelledby="case-search-heading" className="case-search">
      <h1 id="case-search-heading">{w.searchHeading}</h1>
      <form role="search" onSubmit={submit} noValidate>
        <Field id="case-q" label={w.searchLabel} hint={w.searchHint} error={fieldError}>
          {(props) => (
            <input
              {...props}
              ref={input}
              type="search"
              name="q"
              autoComplete="off"
              spellCheck={false}
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button">
          {w.search}
        </button>
      </form>
      {q === '' || problem ? null : found.isPending ? (
        <p role="status">{w.searching}</p>
      ) : found.isError ? (
        <p role="alert">{t.loadFailed(found.error.message)}</p>
      ) : direct ? null : (
        <Results q={q} items={found.data.items} />
      )}
    </section>
  );
}

function Results({ q, items }: { q: string; items: CaseHit[] }) {
  const w = useWords(CASES_MESSAGES);
  const { t, date } = useI18n();
  if (items.length === 0) return <p role="status">{w.noResults(q)}</p>;
  return (
    <div aria-live="polite">
      <h2 id="case-results-heading">{w.results(items.length, q)}</h2>
      <ul className="case-results" aria-labelledby="case-results-heading">
        {items.map((hit) => (
          <li key={hit.id}>
            <Link href={casePath(hit.id)}>{hit.id}</Link>
            <span className={`status status-${hit.status}`}>{t.statuses[hit.status]}</span>
            <span>{hit.productName}</span>
            <span>{hit.customerEmail}</span>
            <span>
              {hit.serialNumber}
              {hit.replacementSerialNumber ? ` → ${hit.replacementSerialNumber}` : null}
            </span>
            <span>
              {w.created} {date(hit.createdAt)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

// ---- one case -------------------------------------------------------------------------------

function useCase(id: string) {
  const replacement = useQuery({
    queryKey: ['console-cases', 'replacement', id],
    queryFn: async () => unwrap(await api.GET('/v1/replacements/{id}', { params: { path: { id } } })),
    refetchInterval: CONSOLE_POLL_MS,
    retry,
  });
  // Read only once the case exists: a service number that is not a case asks nothing more.
  const exists = replacement.isSuccess;
  const details = useQuery({
    queryKey: ['console-cases', 'details', id],
    queryFn: () => caseDetails(id),
    refetchInterval: CONSOLE_POLL_MS,
    enabled: exists,
    retry,
  });
  const actions = useQuery({
    queryKey: ['console-cases', 'finance-actions', id],
    queryFn: () => financeActions(id),
    refetchInterval: CONSOLE_POLL_MS,
    enabled: exists,
    retry,
  });
  return { replacement, details, actions };
}

function CaseView({ id }: { id: string }) {
  const w = useWords(CASES_MESSAGES);
  const cw = useWords(CONSOLE_MESSAGES);
  const { t, dateTime } = useI18n();
  const { replacement, details, actions } = useCase(id);
  const back = (
    <p>
      <Link href={CASES_PATH}>{w.backToSearch}</Link>
    </p>
  );
  if (replacement.isPending) return <p role="status">{t.loading}</p>;
  if (replacement.isError) {
    const status = replacement.error instanceof ApiProblem ? replacement.error.status : 0;
    return (
      <section aria-labelledby="case-heading">
        <h1 id="case-heading">{w.caseHeading(id)}</h1>
        <p role="alert">{status === 404 ? w.notFound(id) : t.loadFailed(replacement.error.message)}</p>
        {back}
      </section>
    );
  }
  const v = replacement.data;
  const partly = [details.error, actions.error].filter((e): e is Error => e instanceof Error);
  const events = mergeCaseTimeline(v.timeline, actions.data?.items ?? []);
  return (
    <article aria-labelledby="case-heading" className="case">
      <h1 id="case-heading">{w.caseHeading(v.id)}</h1>
      <p className="hint">{cw.refreshed(dateTime(Math.max(replacement.dataUpdatedAt, details.dataUpdatedAt, actions.dataUpdatedAt)))}</p>
      {partly.length > 0 ? (
        <div className="notice" role="alert">
          {partly.map((e, i) => (
            <p key={i}>{w.partlyUnavailable(e.message)}</p>
          ))}
        </div>
      ) : null}
      <Overview v={v} />
      <div className="case-grid">
        <Customer v={v} />
        <Money v={v} />
      </div>
      <Ledger details={details.data} />
      <Timeline events={events} />
      <Emails details={details.data} />
      <Labels v={v} />
      {details.data?.workflowUrl ? (
        <section aria-labelledby="case-workflow-heading">
          <h2 id="case-workflow-heading">{w.workflow}</h2>
          <p>
            <a href={details.data.workflowUrl} rel="noopener noreferrer" target="_blank">
              {w.openWorkflow}
            </a>{' '}
            <code>{v.workflowId}</code>
          </p>
        </section>
      ) : null}
      {back}
    </article>
  );
}

function Facts({ items }: { items: Array<[string, ReactNode, string?]> }) {
  return (
    <dl className="facts">
      {items.map(([term, value, testId]) => (
        <Fragment key={term}>
          <dt>{term}</dt>
          <dd data-testid={testId}>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

function Overview({ v }: { v: Replacement }) {
  const w = useWords(CASES_MESSAGES);
  const { t } = useI18n();
  return (
    <section aria-label={w.status} className="case-overview" aria-live="polite">
      <Facts
        items={[
          [w.status, <strong className={`status status-${v.status}`}>{t.statuses[v.status]}</strong>, 'case-status'],
          [w.holdState, t.holdStates[v.hold.state], 'case-hold-state'],
          [w.product, v.productName ?? v.sku],
          [w.serial, v.serialNumber],
          [w.replacementSerial, v.dispatch?.replacementSerialNumber ?? w.notYet],
          [w.serviceLevel, t.serviceLevels[v.serviceLevel]],
          ...(v.inspection ? [[w.outcome, `${t.outcomes[v.inspection.outcome]} — ${v.inspection.basis}`] as [string, ReactNode]] : []),
          ...(v.resolution ? [[w.resolution, t.resolutions[v.resolution]] as [string, ReactNode]] : []),
        ]}
      />
    </section>
  );
}

/** The address as it goes on the label, one line each. */
function ShipTo({ a }: { a: NonNullable<Replacement['shippingAddress']> }) {
  const lines = [a.name, a.line1, a.line2, `${a.postalCode} ${a.city}`, a.country, a.phone].filter(Boolean);
  return (
    <address>
      {lines.map((line, i) => (
        <span key={i}>
          {line}
          {i < lines.length - 1 ? <br /> : null}
        </span>
      ))}
    </address>
  );
}

function Customer({ v }: { v: Replacement }) {
  const w = useWords(CASES_MESSAGES);
  return (
    <section aria-labelledby="case-customer-heading">
      <h2 id="case-customer-heading">{w.customer}</h2>
      <Facts
        items={[
          ...(v.shippingAddress ? [[w.shipTo, <ShipTo a={v.shippingAddress} />] as [string, ReactNode]] : []),
          [w.email, <a href={`mailto:${v.customer.email}`}>{v.customer.email}</a>],
          [w.language, w.languages[v.customer.locale]],
          [w.account, <code>{v.customer.sub}</code>],
        ]}
      />
    </section>
  );
}

function Money({ v }: { v: Replacement }) {
  const w = useWords(CASES_MESSAGES);
  const { money, dateTime } = useI18n();
  return (
    <section aria-labelledby="case-money-heading">
      <h2 id="case-money-heading">{w.money}</h2>
      <Facts
        items={[
          [w.holdAmount, money(v.holdAmount)],
          [w.renewals, String(v.hold.renewals)],
          ...(v.hold.captureBefore ? [[w.captureBefore, dateTime(v.hold.captureBefore)] as [string, ReactNode]] : []),
          [w.captured, money(v.capturedAmount)],
          [w.refunded, money(v.refundedAmount)],
        ]}
      />
    </section>
  );
}

/** A table that scrolls sideways on a narrow screen; focusable so a keyboard can scroll it too. */
function Table({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <div className="case-table" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <table>{children}</table>
    </div>
  );
}

function Ledger({ details }: { details: CaseDetails | undefined }) {
  const w = useWords(CASES_MESSAGES);
  const { money, dateTime, t } = useI18n();
  const c = w.columns;
  return (
    <section aria-labelledby="case-ledger-heading">
      <h2 id="case-ledger-heading">{w.ledger}</h2>
      {!details ? (
        <p>{t.loading}</p>
      ) : details.ledger.length === 0 ? (
        <p>{w.ledgerEmpty}</p>
      ) : (
        <Table labelledBy="case-ledger-heading">
          <thead>
            <tr>
              <th scope="col">{c.at}</th>
              <th scope="col">{c.kind}</th>
              <th scope="col" className="num">
                {c.amount}
              </th>
              <th scope="col">{c.provider}</th>
              <th scope="col">{c.providerRef}</th>
              <th scope="col">{c.note}</th>
              <th scope="col">{c.idempotencyKey}</th>
            </tr>
          </thead>
          <tbody>
            {details.ledger.map((row) => (
              <tr key={`${row.idempotencyKey}-${row.kind}`}>
                <td>
                  <time dateTime={row.at}>{dateTime(row.at)}</time>
                </td>
                <td>{w.ledgerKinds[row.kind]}</td>
                <td className="num">{money(row.amount)}</td>
                <td>{row.provider}</td>
                <td>
                  <code>{row.providerRef}</code>
                </td>
                <td>{row.note}</td>
                <td>
                  <code>{row.idempotencyKey}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

function Timeline({ events }: { events: CaseEvent[] }) {
  const w = useWords(CASES_MESSAGES);
  return (
    <section aria-labelledby="case-timeline-heading">
      <h2 id="case-timeline-heading">{w.timeline}</h2>
      <ol className="timeline case-timeline">
        {events.map((e, i) => (
          <li key={`${e.source}-${e.at}-${i}`}>
            <TimelineEvent event={e} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function TimelineEvent({ event }: { event: CaseEvent }) {
  const w = useWords(CASES_MESSAGES);
  const { t, money, dateTime } = useI18n();
  const when = <time dateTime={event.at}>{dateTime(event.at)}</time>;
  if (event.source === 'timeline') {
    const e = event.entry;
    return (
      <>
        {when} <strong>{t.timeline[e.type]}</strong>
        {e.amount !== undefined ? <> ({money(e.amount)})</> : null}
        {e.detail ? <> — {e.detail}</> : null}
        {e.actor ? <span className="case-actor"> {w.by(e.actor.sub, w.actorRoles[e.actor.role])}</span> : null}
      </>
    );
  }
  const a = event.action;
  return (
    <>
      {when} <strong>{w.financeKinds[a.kind]}</strong> ({money(a.amount)}, {a.outcome ? w.financeOutcomes[a.outcome] : w.financePending})
      {a.reason ? <> — {a.reason}</> : null}
      <span className="case-actor"> {w.by(a.actor.sub, w.actorRoles[a.actor.role])}</span>
    </>
  );
}

function Emails({ details }: { details: CaseDetails | undefined }) {
  const w = useWords(CASES_MESSAGES);
  const { t, dateTime } = useI18n();
  const c = w.emailColumns;
  return (
    <section aria-labelledby="case-emails-heading">
      <h2 id="case-emails-heading">{w.emails}</h2>
      {!details ? (
        <p>{t.loading}</p>
      ) : details.emails.length === 0 ? (
        <p>{w.emailsEmpty}</p>
      ) : (
        <Table labelledBy="case-emails-heading">
          <thead>
            <tr>
              <th scope="col">{c.template}</th>
              <th scope="col">{c.to}</th>
              <th scope="col">{c.sentAt}</th>
              <th scope="col">{c.state}</th>
            </tr>
          </thead>
          <tbody>
            {details.emails.map((m, i) => (
              <tr key={`${m.template}-${m.sentAt}-${i}`}>
                <td>
                  <code>{m.template}</code>
                </td>
                <td>{m.to}</td>
                <td>
                  <time dateTime={m.sentAt}>{dateTime(m.sentAt)}</time>
                </td>
                <td>{w.emailStates[m.state]}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

function Labels({ v }: { v: Replacement }) {
  const w = useWords(CASES_MESSAGES);
  const outbound = v.dispatch?.labelUrl ? { url: v.dispatch.labelUrl, tracking: v.dispatch.trackingNumber } : null;
  const ret = v.returnLabel ? { url: v.returnLabel.url, tracking: v.returnLabel.trackingNumber } : null;
  return (
    <section aria-labelledby="case-labels-heading">
      <h2 id="case-labels-heading">{w.labels}</h2>
      {!outbound && !ret ? (
        <p>{w.noLabels}</p>
      ) : (
        <ul>
          {outbound ? (
            <li>
              <a href={outbound.url} type="application/pdf">
                {w.outboundLabel(outbound.tracking)}
              </a>
            </li>
          ) : null}
          {ret ? (
            <li>
              <a href={ret.url} type="application/pdf">
                {w.returnLabel(ret.tracking)}
              </a>
            </li>
          ) : null}
        </ul>
      )}
    </section>
  );
}
