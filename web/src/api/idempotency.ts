// Idempotency-Key values for the API's unsafe calls: a retried submit carries the same key, so the
// action happens once however often the request is sent. crypto.randomUUID exists only on secure
// origins; a handheld on the warehouse's plain-HTTP network gets random bytes instead.
import { useRef } from 'react';

export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One key per intended action: `keyFor(body)` is the same key while the body is the same and a new
 * one when it changes; `forget()` after a success, so the same body sent again is a new action.
 */
export function useKeyPerBody(): { keyFor(body: unknown): string; forget(): void } {
  const last = useRef<{ for: string; key: string } | null>(null);
  return {
    keyFor(body) {
      const forWhat = JSON.stringify(body);
      if (last.current?.for !== forWhat) last.current = { for: forWhat, key: newIdempotencyKey() };
      return last.current.key;
    },
    forget() {
      last.current = null;
    },
  };
}
