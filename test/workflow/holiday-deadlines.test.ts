// Return deadlines computed by the workflow across Norwegian holidays, on the time-skipping server
// moved forward to the dispatch day. Expected instants are worked out by hand below; the first
// case of each kind whose dispatch day is still ahead of the server's clock is used.
import { dispatchUpdate, inspectionUpdate, receiptUpdate } from '../../workflows/definitions';
import { useWorld, WAREHOUSE } from './world';

jest.setTimeout(60_000);

interface Case {
  name: string;
  dispatchAt: string; // 10:00 Oslo on the dispatch day
  deadline: string; // end of the 10th business day after it, Oslo
}

const CHRISTMAS: Case[] = [
  // Fri 18 Dec 2026 → Dec 21,22,23,24 (1–4), 25 Fri holiday, 28,29,30,31 (5–8), 1 Jan Fri holiday,
  // Jan 4, 5 (9–10) → end of Tue 5 Jan 2027, CET.
  { name: 'Christmas 2026', dispatchAt: '2026-12-18T09:00:00.000Z', deadline: '2027-01-05T22:59:59.999Z' },
  // Fri 17 Dec 2027 → Dec 20–24 (1–5; 24 Dec is a working day), 25–26 fall on the weekend,
  // Dec 27–31 (6–10) → end of Fri 31 Dec 2027, CET.
  { name: 'Christmas 2027', dispatchAt: '2027-12-17T09:00:00.000Z', deadline: '2027-12-31T22:59:59.999Z' },
];

const EASTER: Case[] = [
  // Mon 22 Mar 2027 (Easter Sunday 28 Mar) → 23, 24 (1–2), Maundy Thursday 25, Good Friday 26,
  // Easter Monday 29 are holidays, 30, 31, 1 Apr, 2 Apr, 5, 6, 7, 8 (3–10) → end of Thu 8 Apr 2027,
  // CEST (summer time from 28 Mar).
  { name: 'Easter 2027', dispatchAt: '2027-03-22T09:00:00.000Z', deadline: '2027-04-08T21:59:59.999Z' },
  // Mon 10 Apr 2028 (Easter Sunday 16 Apr) → 11, 12 (1–2), 13, 14, 17 holidays, 18–21 (3–6),
  // 24–27 (7–10) → end of Thu 27 Apr 2028, CEST.
  { name: 'Easter 2028', dispatchAt: '2028-04-10T08:00:00.000Z', deadline: '2028-04-27T21:59:59.999Z' },
];

const world = useWorld();

async function firstAhead(cases: Case[]): Promise<Case> {
  const now = await world.env.currentTimeMs();
  const c = cases.find((x) => Date.parse(x.dispatchAt) - 2 * 3_600_000 > now);
  if (!c) throw new Error(`every ${cases[0].name}-style case is before the server's clock (${new Date(now).toISOString()}); add the next year's case`);
  return c;
}

test.each([
  ['across Christmas', CHRISTMAS],
  ['across Easter', EASTER],
])('the return deadline %s skips the Norwegian public holidays', async (_label, cases) => {
  const c = await firstAhead(cases);
  const dispatchAt = Date.parse(c.dispatchAt);
  await world.env.sleep(dispatchAt - 2 * 3_600_000 - (await world.env.currentTimeMs()));
  const handle = await world.start();
  await world.untilStatus(handle, 'awaiting_dispatch');
  await world.env.sleep(Math.max(dispatchAt - (await world.env.currentTimeMs()), 1));
  const v = await handle.executeUpdate(dispatchUpdate, { args: [{ replacementSerialNumber: 'RPL-HOLIDAY-1', actor: WAREHOUSE }] });
  expect(v.dispatch!.dispatchedAt.slice(0, 10)).toBe(c.dispatchAt.slice(0, 10));
  expect(v.returnDeadline).toBe(c.deadline);
  await handle.executeUpdate(receiptUpdate, { args: [{ serialNumber: 'F2LXK0AAQ1', actor: WAREHOUSE }] });
  const done = await handle.executeUpdate(inspectionUpdate, { args: [{ outcome: 'covered', notes: '', actor: WAREHOUSE }] });
  expect(done.resolution).toBe('hold_released');
  // Not handle.result(): on the time-skipping server that unlocks time and moves the clock years on.
  for (let i = 0; (await handle.describe()).status.name !== 'COMPLETED' && i < 100; i++) await new Promise((r) => setTimeout(r, 50));
  expect((await handle.describe()).status.name).toBe('COMPLETED');
});
