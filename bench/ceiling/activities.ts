// Empty activities for the ceiling workflow: one per activity type the replacement workflow
// schedules on its happy path, so the task count matches and only the bodies are missing.
export const ceilingActivities = {
  async assessRequest(): Promise<void> {},
  async authorizeHold(): Promise<void> {},
  async reserveStock(): Promise<void> {},
  async computeDispatchDue(): Promise<void> {},
  async screenDevice(): Promise<void> {},
  async bookShipment(): Promise<void> {},
  async commitStock(): Promise<void> {},
  async computeReturnSchedule(): Promise<void> {},
  async captureHold(): Promise<void> {},
  async sendEmail(): Promise<void> {},
  async projectReplacement(): Promise<void> {},
};

export type CeilingActivities = typeof ceilingActivities;
