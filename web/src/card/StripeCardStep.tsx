// The card step in production: Stripe's Payment Element. The card number goes from Stripe's own
// frame to Stripe; our server only ever sees the payment method id it creates, on submit.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { CardError, type CardStepProps } from './card-step';
import { stripeFor } from './stripe';

export function StripeCardStep({ publishableKey, amount, prepare, errorId, invalid }: CardStepProps & { publishableKey: string }) {
  const { t, lang } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');

  useEffect(() => {
    let gone = false;
    let unmount: (() => void) | undefined;
    stripeFor(publishableKey, lang)
      .then((stripe) => {
        if (gone || !host.current) return;
        if (!stripe) throw new Error('Stripe.js did not load');
        // The same terms the server's intent is created with (stripe-gateway.ts), or Stripe refuses it.
        const elements = stripe.elements({
          mode: 'payment',
          amount,
          currency: 'nok',
          captureMethod: 'manual',
          setupFutureUsage: 'off_session',
          paymentMethodCreation: 'manual',
        });
        const element = elements.create('payment');
        element.on('ready', () => !gone && setState('ready'));
        element.mount(host.current);
        unmount = () => element.destroy();
        prepare.current = async () => {
          const submitted = await elements.submit();
          if (submitted.error) throw new CardError(submitted.error.message ?? t.card.stripeFailed);
          const created = await stripe.createPaymentMethod({ elements });
          if (created.error) throw new CardError(created.error.message ?? t.card.stripeFailed);
          return created.paymentMethod.id;
        };
      })
      .catch(() => !gone && setState('failed'));
    return () => {
      gone = true;
      prepare.current = null;
      unmount?.();
    };
  }, [publishableKey, lang, amount, prepare, t]);

  return (
    <fieldset className="card-step" aria-describedby={invalid ? errorId : undefined} aria-busy={state === 'loading'}>
      <legend>{t.request.card}</legend>
      <p className="hint">{t.card.stripeNote}</p>
      {state === 'loading' ? <p role="status">{t.card.stripeLoading}</p> : null}
      {state === 'failed' ? (
        <p className="notice bad" role="alert">
          {t.card.stripeUnavailable}
        </p>
      ) : null}
      <div ref={host} data-testid="payment-element" />
    </fieldset>
  );
}
