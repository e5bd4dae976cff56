// HMAC-SHA256 signatures for carrier webhooks: `t=<unix seconds>,v1=<hex>` over `${t}.${body}`,
// the same scheme Stripe uses, so a replayed or stale delivery can be refused.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CARRIER_SIGNATURE_HEADER = 'x-carrier-signature';

export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
}

export function signCarrierPayload(body: string | Buffer, secret: string, atSeconds = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${atSeconds}.`).update(body).digest('hex');
  return `t=${atSeconds},v1=${mac}`;
}

export function verifyCarrierSignature(
  body: Buffer,
  header: string | string[] | undefined,
  secret: string,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): void {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) throw new WebhookSignatureError(`missing ${CARRIER_SIGNATURE_HEADER} header`);
  const parts = Object.fromEntries(
    value.split(',').map((kv) => {
      const i = kv.indexOf('=');
      return [kv.slice(0, i).trim(), kv.slice(i + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) throw new WebhookSignatureError('malformed signature header');
  if (Math.abs(nowSeconds - t) > toleranceSeconds) throw new WebhookSignatureError('signature timestamp outside the tolerance');
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  const given = Buffer.from(parts.v1, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new WebhookSignatureError('signature does not match');
  }
}
