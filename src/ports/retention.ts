// How long personal data is kept after a replacement closes (RETENTION_DAYS).
export const DAY_MS = 24 * 60 * 60 * 1000;

export interface PersonalDataRetention {
  /**
   * Redacts rows closed before `cutoff` (epoch ms) not redacted yet, and deletes sent-email records
   * from before it; returns how many replacements it redacted.
   */
  redactClosedBefore(cutoff: number, now: number): Promise<number>;
}
