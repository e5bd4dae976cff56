// Label links go out in emails and are opened in a browser without a bearer token, yet a label
// carries the customer's address: the link itself is the capability, an HMAC over the number.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function labelSignature(trackingNumber: string, secret: string): string {
  return createHmac('sha256', secret).update(`label:${trackingNumber}`).digest('hex').slice(0, 32);
}

export function signedLabelUrl(baseUrl: string, trackingNumber: string, secret: string): string {
  return `${baseUrl.replace(/\/$/, '')}/v1/labels/${encodeURIComponent(trackingNumber)}.pdf?sig=${labelSignature(trackingNumber, secret)}`;
}

export function verifyLabelSignature(trackingNumber: string, sig: unknown, secret: string): boolean {
  if (typeof sig !== 'string' || !/^[0-9a-f]{32}$/.test(sig)) return false;
  return timingSafeEqual(Buffer.from(sig), Buffer.from(labelSignature(trackingNumber, secret)));
}
