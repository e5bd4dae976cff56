// What the request form needs from a card step, whichever provider takes the card.
import type { MutableRefObject } from 'react';

export interface CardStepProps {
  /** The chosen sandbox payment method id (pm_…), or '' before a choice. */
  value: string;
  onChange(paymentMethodId: string): void;
  /** What the hold will be, so Stripe's fields can show the right wallet and rules. */
  amount: number;
  /**
   * Set by a step that creates the payment method only when the form is sent (Stripe's Payment
   * Element): resolves to the new pm_… id, or rejects with a message for the card field.
   */
  prepare: MutableRefObject<(() => Promise<string>) | null>;
  /** id of the element describing an error for this step. */
  errorId?: string;
  invalid?: boolean;
}

/**
 * A card problem to show next to the card field: Stripe's own wording (in the page's language), or
 * no message when the page should say it in its own words.
 */
export class CardError extends Error {}
