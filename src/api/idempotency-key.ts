// The Idempotency-Key header that every creating POST requires: a retried request must not act twice.
import type { Request } from 'express';
import { problem } from './problem';
import { idempotencyKeySchema } from './schemas';

/** An optional Idempotency-Key: undefined when absent, 400 when present but malformed. */
export function optionalIdempotencyKey(req: Request, what: string): string | undefined {
  return req.get('Idempotency-Key') === undefined ? undefined : requireIdempotencyKey(req, what);
}

export function requireIdempotencyKey(req: Request, what: string): string {
  const key = idempotencyKeySchema.safeParse(req.get('Idempotency-Key'));
  if (!key.success) {
    throw problem('bad-request', `Send an Idempotency-Key header (e.g. a UUID) so a retried request cannot ${what} twice.`, {
      errors: [{ path: 'header.Idempotency-Key', message: key.error.issues[0]?.message ?? 'required' }],
    });
  }
  return key.data;
}
