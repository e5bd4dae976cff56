// Which pile an incoming return belongs in. A parcel the carrier has scanned is on its way and is
// not charged at the deadline, so "in transit" wins over the clock.

export const RETURN_GROUPS = ['overdue', 'due_soon', 'in_transit', 'dispatched'] as const;
export type ReturnGroup = (typeof RETURN_GROUPS)[number];

/** Within this long of the deadline a return is "due soon". */
export const DUE_SOON_MS = 2 * 86_400_000;

export function returnGroup(r: { status: string | null; returnDeadline: string | null }, now: number): ReturnGroup {
  if (r.status === 'return_in_transit') return 'in_transit';
  const deadline = r.returnDeadline ? Date.parse(r.returnDeadline) : NaN;
  if (Number.isNaN(deadline)) return 'dispatched';
  if (deadline < now) return 'overdue';
  if (deadline - now <= DUE_SOON_MS) return 'due_soon';
  return 'dispatched';
}
