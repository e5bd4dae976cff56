// SANDBOX_PAYMENT_FAULTS: the knob the chaos run uses to make the worker's payment sandbox fail.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPaymentGateway, parseSandboxFaults } from '../../src/composition/payment-gateway';
import { PaymentTransientError } from '../../src/ports/payment-gateway';

const hold = (key: string) => ({
  amount: 1_599_000,
  currency: 'nok',
  paymentMethodId: 'pm_card_visa',
  email: 'kari@example.no',
  description: 'faults test',
  metadata: {},
  idempotencyKey: key,
});

test('unset or blank means no faults', () => {
  expect(parseSandboxFaults(undefined)).toBeUndefined();
  expect(parseSandboxFaults('  ')).toBeUndefined();
});

test.each([
  ['{not json', /not JSON/],
  ['{"transientErrorRate": 1.5}', /transientErrorRate/],
  ['{"latencyMs": {"min": 50, "max": 10}}', /min must not exceed max/],
  ['{"transientErrorRat": 0.3}', /invalid/],
])('%s is refused with the variable named', (raw, message) => {
  expect(() => parseSandboxFaults(raw)).toThrow(/SANDBOX_PAYMENT_FAULTS/);
  expect(() => parseSandboxFaults(raw)).toThrow(message);
});

test('a seed makes the fault dice reproducible', () => {
  const a = parseSandboxFaults('{"transientErrorRate": 0.3, "seed": 7}')!;
  const b = parseSandboxFaults('{"transientErrorRate": 0.3, "seed": 7}')!;
  const draws = (f: typeof a) => Array.from({ length: 5 }, () => f.random!());
  expect(draws(a)).toEqual(draws(b));
  expect(a.transientErrorRate).toBe(0.3);
});

describe('the factory', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'faults-env-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('gives the sandbox the faults: a 100% transient rate fails every call', async () => {
    const gateway = createPaymentGateway({ DATA_DIR: dir }, { faultsJson: '{"transientErrorRate": 1}' });
    await expect(gateway.authorizeHold(hold('k1'))).rejects.toBeInstanceOf(PaymentTransientError);
  });

  test('without faults the same call succeeds', async () => {
    const gateway = createPaymentGateway({ DATA_DIR: dir }, { faultsJson: '' });
    await expect(gateway.authorizeHold(hold('k1'))).resolves.toMatchObject({ status: 'requires_capture' });
  });

  test('is refused together with a Stripe key rather than silently ignored', () => {
    expect(() => createPaymentGateway({ DATA_DIR: dir, STRIPE_SECRET_KEY: 'sk_test_x' }, { faultsJson: '{"transientErrorRate": 0.3}' })).toThrow(
      /sandbox only/,
    );
  });
});
