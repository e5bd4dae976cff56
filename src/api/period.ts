// Reporting periods: a date means an Oslo calendar day (finance thinks in local days), an instant
// is taken as given. `to` is exclusive; a date `to` includes that whole day.
import { addCalendarDays, isLocalDate, osloDate, osloInstant } from '../domain/calendar';
import { problem } from './problem';

export interface Period {
  from: number;
  to: number;
}

export function resolvePeriod(query: { from?: string; to?: string }, now: number): Period {
  const from = query.from ? (isLocalDate(query.from) ? osloInstant(query.from) : Date.parse(query.from)) : osloInstant(`${osloDate(now).slice(0, 8)}01`);
  const to = query.to ? (isLocalDate(query.to) ? osloInstant(addCalendarDays(query.to, 1)) : Date.parse(query.to)) : now + 1;
  if (!(from < to)) {
    throw problem('invalid-query', 'The period is empty: `from` must be before `to`.', {
      errors: [{ path: 'from', message: 'must be before `to`' }],
    });
  }
  return { from, to };
}
