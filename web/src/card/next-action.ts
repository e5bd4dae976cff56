// What the browser does when the hold needs 3-D Secure: follow the confirmation page's URL
// (the sandbox, or a bank's redirect), or let Stripe.js run the bank's challenge in the page.
// Either way the outcome reaches the replacement through the provider's webhook, not from here.
import type { Locale } from '@domain/vocabulary';
import { CardError } from './card-step';
import { stripeFor } from './stripe';

/** `url` with `returnUrl` added: where the confirmation page sends the customer afterwards. */
export function withReturnUrl(url: string, returnUrl: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}returnUrl=${encodeURIComponent(returnUrl)}`;
}

/** Runs Stripe's challenge for the intent; resolves when the customer has finished it either way. */
export async function confirmWithStripe(publishableKey: string, clientSecret: string, locale: Locale): Promise<void> {
  const stripe = await stripeFor(publishableKey, locale);
  if (!stripe) throw new CardError(); // the page says it in its own language
  const { error } = await stripe.handleNextAction({ clientSecret });
  // A failed or abandoned challenge is the webhook's to report; only a problem before it is ours.
  if (error && error.type !== 'card_error' && error.code !== 'payment_intent_authentication_failure') throw new CardError(error.message);
}
