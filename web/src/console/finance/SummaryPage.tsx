// Money for a period (kept in the URL: `?from=YYYY-MM-DD&to=YYYY-MM-DD&bucket=day|week`): totals,
// a chart per day or week with its numbers in a table, and the ledger CSV for exactly that period.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { isLocalDate, osloDate } from '@domain/calendar';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n';
import { Field } from '../../pages/Field';
import { navigate } from '../../router';
import type { ConsolePageProps } from '../page-props';
import { CONSOLE_POLL_MS } from '../poll';
import { useWords } from '../words';
import { BarChart, CHART_KINDS } from './BarChart';
import { ledgerCsvHref, type SummaryBucket } from './finance-api';
import { FINANCE_MESSAGES, type MoneyKind } from './messages';

type Bucket = 'day' | 'week';

/** The period in the URL, or this month so far (Oslo days); `to` includes its whole day. */
export function periodOf(searchParams: URLSearchParams, now: number): { from: string; to: string; bucket: Bucket } {
  const today = osloDate(now);
  const from = searchParams.get('from');
  const to = searchParams.get('to');
  return {
    from: from && isLocalDate(from) ? from : `${today.slice(0, 8)}01`,
    to: to && isLocalDate(to) ? to : today,
    bucket: searchParams.get('bucket') === 'week' ? 'week' : 'day',
  };
}

const summaryHref = (p: { from: string; to: string; bucket: Bucket }) => `/console/summary?${new URLSearchParams(p).toString()}`;

export function SummaryPage({ searchParams }: ConsolePageProps) {
  const w = useWords(FINANCE_MESSAGES).summary;
  const { t, money, date } = useI18n();
  const period = periodOf(searchParams, Date.now());
  const valid = period.from <= period.to;
  const summary = useQuery({
    queryKey: ['finance', 'summary', period.from, period.to, period.bucket],
    queryFn: async () => unwrap(await api.GET('/v1/finance/summary', { params: { query: { from: period.from, to: period.to, bucket: period.bucket } } })),
    refetchInterval: CONSOLE_POLL_MS,
    enabled: valid,
  });
  const series = summary.data?.series ?? [];
  const nok = summary.data?.totals.find((x) => x.currency === 'NOK');
  const totals: Record<MoneyKind, number> | null = nok
    ? {
        authorized: nok.authorized + nok.reAuthorized,
        captured: nok.captured + nok.charged,
        released: nok.released,
        refunded: nok.refunded,
        collected: nok.collected,
      }
    : null;
  const bucketWord = period.bucket === 'week' ? w.byWeek : w.byDay;
  return (
    <section aria-labelledby="summary-heading" className="finance">
      <h1 id="summary-heading">{w.heading}</h1>
      <PeriodForm key={`${period.from}/${period.to}/${period.bucket}`} period={period} />
      {!valid ? null : summary.isPending ? (
        <p role="status">{t.loading}</p>
      ) : summary.isError ? (
        <p role="alert">{t.loadFailed(summary.error.message)}</p>
      ) : (
        <>
          <section aria-labelledby="totals-heading">
            <h2 id="totals-heading">{w.totals}</h2>
            {totals ? (
              <>
                <dl className="finance-totals" data-testid="totals">
                  {(Object.keys(totals) as MoneyKind[]).map((k) => (
                    <div key={k} data-kind={k}>
                      <dt>{w.kinds[k]}</dt>
                      <dd>{money(totals[k])}</dd>
                    </div>
                  ))}
                </dl>
                <p className="hint">{w.entries(nok!.entries)}</p>
              </>
            ) : (
              <p>{w.noMoney}</p>
            )}
            <p>
              <a href={ledgerCsvHref(period.from, period.to)} download data-testid="ledger-csv">
                {w.csv(date(`${period.from}T12:00:00Z`), date(`${period.to}T12:00:00Z`))}
              </a>
            </p>
          </section>
          <section aria-labelledby="chart-heading">
            <h2 id="chart-heading">
              {w.chart} ({bucketWord.toLowerCase()})
            </h2>
            {series.length === 0 ? (
              <p>{w.noSeries}</p>
            ) : (
              <>
                <BarChart
                  series={series}
                  label={w.chartLabel(date(`${period.from}T12:00:00Z`), date(`${period.to}T12:00:00Z`), bucketWord)}
                  dayLabel={(iso) =>
                    date(iso)
                      .replace(/\s?\d{4}$/, '')
                      .replace(/[.,]$/, '')
                  }
                />
                <SeriesTable series={series} />
              </>
            )}
          </section>
        </>
      )}
    </section>
  );
}

function PeriodForm({ period }: { period: { from: string; to: string; bucket: Bucket } }) {
  const w = useWords(FINANCE_MESSAGES).summary;
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [bucket, setBucket] = useState<Bucket>(period.bucket);
  const [error, setError] = useState<string | undefined>(period.from > period.to ? w.badPeriod : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!isLocalDate(from) || !isLocalDate(to) || from > to) return setError(w.badPeriod);
    setError(undefined);
    navigate(summaryHref({ from, to, bucket }));
  };
  return (
    <form className="finance-period" onSubmit={submit} noValidate aria-label={w.period}>
      <Field id="period-from" label={w.from} error={error}>
        {(p) => <input {...p} type="date" name="from" value={from} onChange={(e) => setFrom(e.target.value)} />}
      </Field>
      <Field id="period-to" label={w.to}>
        {(p) => <input {...p} type="date" name="to" value={to} onChange={(e) => setTo(e.target.value)} />}
      </Field>
      <fieldset className="finance-bucket">
        <legend>{w.chart}</legend>
        {(['day', 'week'] as const).map((b) => (
          <label key={b}>
            <input type="radio" name="bucket" value={b} checked={bucket === b} onChange={() => setBucket(b)} /> {b === 'day' ? w.byDay : w.byWeek}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button">
        {w.show}
      </button>
    </form>
  );
}

function SeriesTable({ series }: { series: SummaryBucket[] }) {
  const w = useWords(FINANCE_MESSAGES).summary;
  const { money, date } = useI18n();
  return (
    <div className="table-scroll" role="region" aria-label={w.tableCaption} tabIndex={0}>
      <table className="finance-table" data-testid="series">
        <caption>{w.tableCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{w.start}</th>
            {CHART_KINDS.map((k) => (
              <th key={k} scope="col" className="num">
                {w.kinds[k]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {series.map((b) => (
            <tr key={b.start}>
              <th scope="row">
                <time dateTime={b.start}>{date(b.start)}</time>
              </th>
              {CHART_KINDS.map((k) => (
                <td key={k} className="num">
                  {money(b[k])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
