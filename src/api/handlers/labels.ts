// Shipping labels (PDF). The link in the customer's email carries its own signature, so it opens
// in a browser; without a valid signature the label does not exist as far as the caller can tell.
import { verifyLabelSignature } from '../../lib/label-link';
import { problem } from '../problem';
import type { HandlerContext } from '../route-table';

export async function getLabel(ctx: HandlerContext<unknown, { sig?: string }>) {
  const { res, params, query, services } = ctx;
  const trackingNumber = params.file.replace(/\.pdf$/, '');
  const notFound = () => problem('not-found', 'No label with that number, or the link is not valid.');
  if (!verifyLabelSignature(trackingNumber, query.sig, services.config.CARRIER_WEBHOOK_SECRET)) throw notFound();
  const pdf = await services.carrier?.label?.(trackingNumber);
  if (!pdf) throw notFound();
  res
    .status(200)
    .type('application/pdf')
    .set('Content-Disposition', `inline; filename="label-${trackingNumber}.pdf"`)
    .set('Cache-Control', 'private, no-store')
    .send(pdf);
}
