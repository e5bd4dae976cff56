// Incoming returns: what is out with customers, grouped by how urgent it is, with the deadline.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import type { ConsolePageProps } from '../page-props';
import { CONSOLE_POLL_MS } from '../poll';
import { useWords } from '../words';
import { WAREHOUSE_MESSAGES } from './messages';
import { TableBox } from './TableBox';
import { RETURN_GROUPS, returnGroup, type ReturnGroup } from './return-groups';

export function ReturnsPage(_props: ConsolePageProps) {
  const w = useWords(WAREHOUSE_MESSAGES);
  const { t, dateTime } = useI18n();
  const [filter, setFilter] = useState<ReturnGroup | ''>('');
  const returns = useQuery({
    queryKey: ['incoming-returns'],
    queryFn: async () => unwrap(await api.GET('/v1/warehouse/incoming-returns')),
    refetchInterval: CONSOLE_POLL_MS,
  });
  const now = returns.dataUpdatedAt || Date.now();
  const rows = (returns.data?.items ?? [])
    .map((r) => ({ ...r, group: returnGroup(r, now) }))
    .sort((a, b) => RETURN_GROUPS.indexOf(a.group) - RETURN_GROUPS.indexOf(b.group) || (a.returnDeadline ?? '').localeCompare(b.returnDeadline ?? ''));
  const counts = Object.fromEntries(RETURN_GROUPS.map((g) => [g, rows.filter((r) => r.group === g).length])) as Record<ReturnGroup, number>;
  const shown = filter ? rows.filter((r) => r.group === filter) : rows;

  return (
    <div className="warehouse">
      <h1>{w.returns.heading}</h1>
      <div className="toolbar" role="group" aria-label={w.returns.filter}>
        <button type="button" aria-pressed={filter === ''} onClick={() => setFilter('')}>
          {w.returns.all} ({rows.length})
        </button>
        {RETURN_GROUPS.map((g) => (
          <button key={g} type="button" aria-pressed={filter === g} onClick={() => setFilter(g)}>
            {w.returns.groups[g]} ({counts[g]})
          </button>
        ))}
      </div>
      {returns.isPending ? <p role="status">{t.loading}</p> : null}
      {returns.isError ? <p role="alert">{w.failed(returns.error.message)}</p> : null}
      {returns.data && shown.length === 0 ? <p>{w.returns.empty}</p> : null}
      {shown.length > 0 ? (
        <TableBox label={w.returns.heading}>
          <table className="wh-table">
            <thead>
              <tr>
                <th scope="col">{w.returns.service}</th>
                <th scope="col">{w.returns.group}</th>
                <th scope="col">{w.returns.deadline}</th>
                <th scope="col">{w.returns.product}</th>
                <th scope="col">{w.returns.expectedSerial}</th>
                <th scope="col">{w.returns.tracking}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.id} className={r.group === 'overdue' ? 'late' : undefined}>
                  <th scope="row">{r.id}</th>
                  <td>
                    <span className={`badge group-${r.group}`}>{w.returns.groups[r.group]}</span>
                    {r.status ? <span className="hint"> {t.statuses[r.status]}</span> : null}
                  </td>
                  <td>{r.returnDeadline ? <time dateTime={r.returnDeadline}>{dateTime(r.returnDeadline)}</time> : w.none}</td>
                  <td>{r.productName ?? r.sku ?? w.none}</td>
                  <td>{r.expectedSerialNumber ?? w.none}</td>
                  <td>{r.returnTrackingNumber ?? w.none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      ) : null}
      <p>
        <Link href="/console/receiving">{w.returns.receive}</Link>
      </p>
    </div>
  );
}
