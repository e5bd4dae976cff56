// Deadlines from the business-day calendar. In activities because holiday data may change, and
// history must not.
import { dispatchDueBy, endOfNthBusinessDayAfter, reminderInstants, returnDeadline } from '../src/domain';
import type { PinnedTerms, ServiceLevel } from '../src/domain/types';

export function createCalendarActivities() {
  return {
    async computeDispatchDue(req: { requestedAt: number; serviceLevel: ServiceLevel }): Promise<number> {
      return dispatchDueBy(req.requestedAt, req.serviceLevel);
    },
    async computeReturnSchedule(req: { dispatchedAt: number; terms: PinnedTerms }): Promise<{ deadline: number; reminders: number[] }> {
      const deadline = returnDeadline(req.dispatchedAt, req.terms.category.returnWindow);
      const reminders = reminderInstants(deadline, req.terms.reminderBusinessDaysBefore, req.dispatchedAt);
      return { deadline, reminders };
    },
    async computeBusinessDeadline(req: { from: number; businessDays: number }): Promise<number> {
      return endOfNthBusinessDayAfter(req.from, req.businessDays);
    },
  };
}
