// Chooses the payment provider from configuration: Stripe when a secret key is set, otherwise the
// sandbox with its state under DATA_DIR (the embedded default needs no account and no keys).
import { join } from 'node:path';

import type { Config } from '../../src/config';
import type { PaymentGateway } from './gateway';
import { SandboxPaymentGateway, type SandboxEvent } from './sandbox-gateway';
import { StripePaymentGateway } from './stripe-gateway';

export const SANDBOX_STATE_FILE = 'payment-sandbox.json';

export interface PaymentGatewayExtras {
  /** Sandbox only: where its events go (the embedded default's stand-in for Stripe webhooks). */
  onSandboxEvent?: (event: SandboxEvent) => void | Promise<void>;
  /** Sandbox only: the clock authorizations expire on. */
  clock?: () => number;
}

export function createPaymentGateway(
  config: Pick<Config, 'STRIPE_SECRET_KEY' | 'DATA_DIR'>,
  extras: PaymentGatewayExtras = {},
): PaymentGateway {
  if (config.STRIPE_SECRET_KEY) return new StripePaymentGateway({ secretKey: config.STRIPE_SECRET_KEY });
  return new SandboxPaymentGateway({
    path: join(config.DATA_DIR, SANDBOX_STATE_FILE),
    clock: extras.clock,
    onEvent: extras.onSandboxEvent,
  });
}
