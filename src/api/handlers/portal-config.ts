// What the portal must know before it draws the card step: which provider takes the card, and for
// Stripe the publishable key (public by design; the secret key never leaves the server).
import type { PaymentProvider } from '../../domain/vocabulary';
import type { HandlerContext } from '../route-table';

export interface PortalConfig {
  payments: { provider: PaymentProvider; publishableKey?: string };
}

export function portalConfigOf(config: { STRIPE_SECRET_KEY?: string; STRIPE_PUBLISHABLE_KEY?: string }): PortalConfig {
  if (!config.STRIPE_SECRET_KEY) return { payments: { provider: 'sandbox' } };
  return { payments: { provider: 'stripe', ...(config.STRIPE_PUBLISHABLE_KEY ? { publishableKey: config.STRIPE_PUBLISHABLE_KEY } : {}) } };
}

export function getPortalConfig({ res, services }: HandlerContext<undefined, undefined>) {
  res.setHeader('Cache-Control', 'no-cache');
  res.json(portalConfigOf(services.config));
}
