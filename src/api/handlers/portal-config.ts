// What the portal must know before it draws the card step: which provider takes the card, and for
// Stripe the publishable key (public by design; the secret key never leaves the server).
import type { z } from 'zod';
import { paymentProviderOf, type Config } from '../../config';
import type { HandlerContext } from '../route-table';
import type { portalConfigSchema } from '../schemas';

export type PortalConfig = z.infer<typeof portalConfigSchema>;

export function portalConfigOf(config: Pick<Config, 'STRIPE_SECRET_KEY' | 'STRIPE_PUBLISHABLE_KEY'>): PortalConfig {
  const provider = paymentProviderOf(config);
  const publishableKey = provider === 'stripe' ? config.STRIPE_PUBLISHABLE_KEY : undefined;
  return { payments: { provider, ...(publishableKey ? { publishableKey } : {}) } };
}

export function getPortalConfig({ res, services }: HandlerContext<undefined, undefined>) {
  res.setHeader('Cache-Control', 'no-cache');
  res.json(portalConfigOf(services.config));
}
