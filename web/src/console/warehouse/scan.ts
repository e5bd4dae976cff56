// What a keyboard-wedge scanner gives us: characters then Enter. Labels and serials are printed in
// capitals, so a code is compared as the label says it, whatever case the keyboard was in.

/** A scanned or typed code as it is compared: no surrounding space, upper case. */
export const normaliseScan = (raw: string): string => raw.trim().toUpperCase();

/** A scanner re-reads a label held under it; the same code again this soon is that, not a new scan. */
export const REPEAT_WINDOW_MS = 2000;

export interface LastScan {
  code: string;
  at: number;
}

/** Whether `code` at `now` repeats the last accepted scan within the window. */
export const isRepeat = (last: LastScan | null, code: string, now: number, windowMs = REPEAT_WINDOW_MS): boolean =>
  last !== null && last.code === code && now - last.at < windowMs;
