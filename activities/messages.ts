// The shipment and the emails of a replacement.
import { ApplicationFailure } from '@temporalio/activity';
import type { Address } from '../src/domain/types';
import type { Booking, Carrier } from '../src/ports/carrier';
import type { EmailRequest, EmailSender } from '../src/ports/mailer';
import { NON_RETRYABLE_ERRORS } from '../workflows/definitions';
import { idempotencyKey } from './context';

export function createMessageActivities(deps: {
  carrier: Carrier;
  email: EmailSender;
  warehouseLeadEmail: string;
  isPermanentEmailError?: (err: unknown) => boolean;
}) {
  return {
    async bookShipment(req: { serviceNumber: string; to: Address; sku: string; description: string }): Promise<Booking> {
      return deps.carrier.book({ ...req, idempotencyKey: idempotencyKey('book-shipment') });
    },
    async sendEmail(req: Omit<EmailRequest, 'idempotencyKey'> & { step: string }): Promise<{ messageId: string }> {
      const { step, ...rest } = req;
      try {
        const r = await deps.email.send({ ...rest, idempotencyKey: idempotencyKey(`email:${step}`) });
        return { messageId: r.messageId };
      } catch (err) {
        if (deps.isPermanentEmailError?.(err)) {
          throw ApplicationFailure.create({ message: (err as Error).message, type: NON_RETRYABLE_ERRORS.emailPermanent, nonRetryable: true });
        }
        throw err;
      }
    },
    async sendWarehouseAlert(req: Omit<EmailRequest, 'idempotencyKey' | 'to'> & { step: string }): Promise<{ messageId: string }> {
      const { step, ...rest } = req;
      const r = await deps.email.send({ ...rest, to: deps.warehouseLeadEmail, idempotencyKey: idempotencyKey(`email:${step}`) });
      return { messageId: r.messageId };
    },
  };
}
