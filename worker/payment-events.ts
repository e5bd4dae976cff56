// In the embedded default the sandbox stands in for Stripe's webhooks: see src/temporal/payment-events.ts.
export { forwardPaymentEvents } from '../src/temporal/payment-events';
