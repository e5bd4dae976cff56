// Request bodies and small HTTP helpers shared by the API tests.
import { createHash } from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';

let serials = 0;
/**
 * A device serial of its own for every body: one device has at most one open replacement, so tests
 * that run several at once need several devices.
 */
export const newSerial = () => `F2LX${process.pid.toString(36).toUpperCase()}${(++serials).toString().padStart(4, '0')}`;

/** The same serial for the same key: a retried request must send the same body. */
export const serialFor = (key: string) => `SN${createHash('sha256').update(key).digest('hex').slice(0, 14).toUpperCase()}`;

export function replacementBody(overrides: Record<string, unknown> = {}) {
  const purchased = new Date(Date.now() - 120 * 86_400_000).toISOString().slice(0, 10);
  return {
    sku: 'IP17P-256',
    serialNumber: newSerial(),
    purchaseDate: purchased,
    issueDescription: 'Display flickers and goes black',
    coverage: 'warranty',
    serviceLevel: 'standard',
    paymentMethodId: 'pm_card_visa',
    email: 'kari.nordmann@example.no',
    locale: 'nb',
    shippingAddress: { name: 'Kari Nordmann', line1: 'Storgata 1', postalCode: '0155', city: 'Oslo', country: 'NO' },
    acceptTerms: true,
    ...overrides,
  };
}

export function send(app: Express, method: 'get' | 'post', path: string) {
  return method === 'get' ? request(app).get(path) : request(app).post(path);
}

/** Express `:id` (and `:sku`) → a concrete path. */
export const concretePath = (path: string, id = 'RMA-DOESNOTEXIST', sku = 'IP17P-256') => path.replace(/:id\b/g, id).replace(/:sku\b/g, sku);
