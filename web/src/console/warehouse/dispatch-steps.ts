// Scan-to-dispatch as two scans: the service number picks the replacement from the queue, the next
// scan is the serial of the unit going out. A service number scanned while one is picked switches to
// it, so a wrong pick costs one scan, not a reset.

export type DispatchState =
  | { step: 'pick' }
  | { step: 'unit'; id: string }
  | { step: 'sending'; id: string; serial: string }
  | { step: 'sent'; id: string }
  | { step: 'failed'; id: string; message: string };

export type DispatchScanResult =
  | { state: DispatchState; effect: 'none' }
  | { state: DispatchState; effect: 'unknown'; code: string }
  | { state: DispatchState; effect: 'submit'; id: string; serial: string };

/** The next state for a scanned (normalised) code, given the service numbers in the queue. */
export function dispatchScan(state: DispatchState, code: string, queue: ReadonlySet<string>): DispatchScanResult {
  if (!code || state.step === 'sending') return { state, effect: 'none' };
  if (queue.has(code)) return { state: { step: 'unit', id: code }, effect: 'none' };
  if (state.step === 'unit' || state.step === 'failed') {
    const id = state.id;
    return { state: { step: 'sending', id, serial: code }, effect: 'submit', id, serial: code };
  }
  return { state, effect: 'unknown', code };
}

export const dispatchSent = (id: string): DispatchState => ({ step: 'sent', id });
/** A refused dispatch keeps the pick, so the next scan of a unit tries again. */
export const dispatchFailed = (id: string, message: string): DispatchState => ({ step: 'failed', id, message });
export const dispatchCleared: DispatchState = { step: 'pick' };

/** The replacement the screen shows, if one is picked. */
export const pickedId = (s: DispatchState): string | null => (s.step === 'pick' ? null : s.id);
