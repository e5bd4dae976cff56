// The request form's card step, chosen by the service's configuration: Stripe's Payment Element
// when the service holds cards with Stripe, the sandbox's test cards otherwise.
import { usePortalConfig } from '../api/portal-config';
import { useI18n } from '../i18n';
import type { CardStepProps } from './card-step';
import { SandboxCardPicker } from './SandboxCardPicker';
import { StripeCardStep } from './StripeCardStep';

export function CardStep(props: CardStepProps) {
  const { t } = useI18n();
  const config = usePortalConfig();
  if (!config.data)
    return config.isError ? (
      <p className="notice bad" role="alert">
        {t.card.stripeUnavailable}
      </p>
    ) : (
      <p role="status">{t.card.stripeLoading}</p>
    );
  const { provider, publishableKey } = config.data.payments;
  if (provider === 'sandbox') return <SandboxCardPicker {...props} />;
  if (!publishableKey)
    return (
      <p className="notice bad" role="alert">
        {t.card.stripeNotConfigured}
      </p>
    );
  return <StripeCardStep {...props} publishableKey={publishableKey} />;
}
