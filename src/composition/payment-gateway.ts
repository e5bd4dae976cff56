// Chooses the payment provider from configuration: Stripe when a secret key is set, otherwise the
// sandbox with its state under DATA_DIR (the embedded default needs no account and no keys).
import { seededRandom } from '../lib/seeded-random';
import { join } from 'node:path';
import { z } from 'zod';

import type { Config } from '../config';
import type { PaymentGateway } from '../ports/payment-gateway';
import { SandboxPaymentGateway, type SandboxEvent, type SandboxFaults } from '../sandboxes/payment-gateway';
import { StripePaymentGateway } from '../adapters/payment/stripe-gateway';

export const SANDBOX_STATE_FILE = 'payment-sandbox.json';

/**
 * Injected faults for the sandbox, for crash and fault tests of a whole running service:
 * `SANDBOX_PAYMENT_FAULTS='{"transientErrorRate":0.3,"lostResponseRate":0.1,"latencyMs":{"min":20,"max":200},"seed":7}'`.
 * Read here rather than in the config schema because it only exists for the sandbox.
 */
export const SANDBOX_FAULTS_ENV = 'SANDBOX_PAYMENT_FAULTS';

const rate = z.number().min(0).max(1);
const faultsSchema = z.strictObject({
  transientErrorRate: rate.optional(),
  lostResponseRate: rate.optional(),
  latencyMs: z
    .union([z.number().min(0), z.strictObject({ min: z.number().min(0), max: z.number().min(0) }).refine((r) => r.min <= r.max, 'min must not exceed max')])
    .optional(),
  /** Seeds the fault dice so a run can be reproduced; Math.random without it. */
  seed: z.number().int().optional(),
});

/** Parses the env value; undefined when unset. Throws with the variable's name on a bad value. */
export function parseSandboxFaults(raw: string | undefined): SandboxFaults | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new Error(`${SANDBOX_FAULTS_ENV} is not JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = faultsSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${SANDBOX_FAULTS_ENV} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
  }
  const { seed, ...faults } = parsed.data;
  return seed === undefined ? faults : { ...faults, random: seededRandom(seed) };
}

export interface PaymentGatewayExtras {
  /** Sandbox only: where its events go (the embedded default's stand-in for Stripe webhooks). */
  onSandboxEvent?: (event: SandboxEvent) => void | Promise<void>;
  /** Sandbox only: the clock authorizations expire on. */
  clock?: () => number;
  /** Sandbox only: where the API serves its 3-D Secure challenge page; by default a path on the portal's origin. */
  challengeBaseUrl?: string;
  /** Sandbox only: the raw SANDBOX_PAYMENT_FAULTS value; defaults to the process environment. */
  faultsJson?: string;
}

export function createPaymentGateway(config: Pick<Config, 'STRIPE_SECRET_KEY' | 'DATA_DIR'>, extras: PaymentGatewayExtras = {}): PaymentGateway {
  const faults = parseSandboxFaults(extras.faultsJson ?? process.env[SANDBOX_FAULTS_ENV]);
  if (config.STRIPE_SECRET_KEY) {
    // Silently ignoring it would let someone believe real payments are being fault-tested.
    if (faults) throw new Error(`${SANDBOX_FAULTS_ENV} applies to the payment sandbox only; unset it when STRIPE_SECRET_KEY is set`);
    return new StripePaymentGateway({ secretKey: config.STRIPE_SECRET_KEY });
  }
  return new SandboxPaymentGateway({
    path: join(config.DATA_DIR, SANDBOX_STATE_FILE),
    clock: extras.clock,
    onEvent: extras.onSandboxEvent,
    challengeBaseUrl: extras.challengeBaseUrl,
    faults,
  });
}
