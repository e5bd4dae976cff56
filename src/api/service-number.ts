// Service numbers are derived from (customer, Idempotency-Key): a retried request maps to the same
// workflow id, and Temporal's id uniqueness makes the retry harmless.
import { createHash } from 'node:crypto';

// Crockford's base32: no I, L, O or U, so a number read out over the phone is unambiguous.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SERVICE_NUMBER_CHARS = 12; // 60 bits

function base32(bytes: Buffer, chars: number): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length >= chars) break;
  }
  return out;
}

export function deriveServiceNumber(customerSub: string, idempotencyKey: string): string {
  // Length-prefixed so ("ab", "c") and ("a", "bc") never collide.
  const digest = createHash('sha256').update(`${customerSub.length}:${customerSub}|${idempotencyKey}`).digest();
  return `RMA-${base32(digest, SERVICE_NUMBER_CHARS)}`;
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Fingerprint of a validated request body; key order and whitespace do not change it. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}
