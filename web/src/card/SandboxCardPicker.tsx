// The card step in the embedded default: the payment sandbox's test cards
// (src/sandboxes/payment-gateway.ts), clearly marked as such.
import { useI18n } from '../i18n';
import type { CardStepProps } from './card-step';

export const SANDBOX_CARDS = [
  { id: 'pm_card_visa', key: 'visa' },
  { id: 'pm_card_mastercard', key: 'mastercard' },
  { id: 'pm_card_chargeDeclined', key: 'declined' },
  { id: 'pm_card_chargeDeclinedInsufficientFunds', key: 'insufficient' },
  { id: 'pm_card_authenticationRequired', key: 'authRequired' },
  { id: 'pm_card_visa_chargeDeclinedOffSession', key: 'declinesOffSession' },
] as const;

export function SandboxCardPicker({ value, onChange, errorId, invalid }: CardStepProps) {
  const { t } = useI18n();
  return (
    <fieldset className="card-step" aria-describedby={['sandbox-note', invalid ? errorId : undefined].filter(Boolean).join(' ')}>
      <legend>
        {t.request.card} <span className="badge">{t.card.sandboxBadge}</span>
      </legend>
      <p id="sandbox-note" className="hint">
        {t.card.sandboxNote}
      </p>
      {SANDBOX_CARDS.map((card) => (
        <label key={card.id} className="choice">
          <input type="radio" name="paymentMethodId" value={card.id} checked={value === card.id} onChange={() => onChange(card.id)} />
          {t.card.cards[card.key]}
        </label>
      ))}
    </fieldset>
  );
}
