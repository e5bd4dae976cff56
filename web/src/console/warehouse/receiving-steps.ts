// Receiving as two scans: the return label's tracking number (or the service number) finds the
// parcel, then the unit's serial must be the one the customer registered. A mismatch stops here —
// nothing goes to the API — until someone acknowledges it.

export interface IncomingReturn {
  id: string;
  returnTrackingNumber: string | null;
  expectedSerialNumber: string | null;
}

export type ReceivingState =
  | { step: 'find' }
  | { step: 'serial'; id: string; expected: string }
  | { step: 'mismatch'; id: string; expected: string; scanned: string }
  | { step: 'sending'; id: string; serial: string }
  | { step: 'received'; id: string }
  | { step: 'failed'; id: string; expected: string; message: string };

export type ReceivingScanResult =
  | { state: ReceivingState; effect: 'none' }
  | { state: ReceivingState; effect: 'unknown'; code: string }
  | { state: ReceivingState; effect: 'submit'; id: string; serial: string };

/** The incoming return a (normalised) code names: its service number or its return tracking number. */
export function findReturn(code: string, returns: readonly IncomingReturn[]): IncomingReturn | undefined {
  return returns.find((r) => r.id.toUpperCase() === code || (r.returnTrackingNumber ?? '').toUpperCase() === code);
}

export function receivingScan(
  state: ReceivingState,
  code: string,
  returns: readonly IncomingReturn[],
  sameSerial: (candidate: string, registered: string) => boolean,
): ReceivingScanResult {
  // A mismatch must be acknowledged first; a scan meanwhile is not taken as anything.
  if (!code || state.step === 'mismatch' || state.step === 'sending') return { state, effect: 'none' };
  if (state.step === 'serial' || state.step === 'failed') {
    if (sameSerial(code, state.expected)) return { state: { step: 'sending', id: state.id, serial: code }, effect: 'submit', id: state.id, serial: code };
    // Another parcel's label: switch to it rather than call it a wrong serial.
    const other = findReturn(code, returns);
    if (other?.expectedSerialNumber) return { state: { step: 'serial', id: other.id, expected: other.expectedSerialNumber }, effect: 'none' };
    return { state: { step: 'mismatch', id: state.id, expected: state.expected, scanned: code }, effect: 'none' };
  }
  const found = findReturn(code, returns);
  if (found?.expectedSerialNumber) return { state: { step: 'serial', id: found.id, expected: found.expectedSerialNumber }, effect: 'none' };
  return { state, effect: 'unknown', code };
}

/** After the mismatch is acknowledged the same parcel waits for the right unit. */
export function acknowledgeMismatch(state: ReceivingState): ReceivingState {
  return state.step === 'mismatch' ? { step: 'serial', id: state.id, expected: state.expected } : state;
}

export const receivingCleared: ReceivingState = { step: 'find' };
