// Stripe.js, loaded once per publishable key from js.stripe.com (the only place Stripe allows it
// to come from), in the page's language.
// The pure entry point loads Stripe.js only when asked, so the sandbox's pages never fetch it.
import type { Stripe } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import type { Locale } from '@domain/vocabulary';

const loaded = new Map<string, Promise<Stripe | null>>();

export function stripeFor(publishableKey: string, locale: Locale): Promise<Stripe | null> {
  const key = `${publishableKey} ${locale}`;
  let stripe = loaded.get(key);
  if (!stripe) {
    stripe = loadStripe(publishableKey, { locale });
    // A failed load (offline, blocked) must be retried on the next attempt, not remembered.
    stripe.catch(() => loaded.delete(key));
    loaded.set(key, stripe);
  }
  return stripe;
}
