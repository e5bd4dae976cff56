// Request bodies and small HTTP helpers shared by the API tests.
import request from 'supertest';
import type { Express } from 'express';

export function replacementBody(overrides: Record<string, unknown> = {}) {
  const purchased = new Date(Date.now() - 120 * 86_400_000).toISOString().slice(0, 10);
  return {
    sku: 'IP17P-256',
    serialNumber: 'F2LXK0AAQ1',
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
