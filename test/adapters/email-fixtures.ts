// Valid data for every email template, and which fields each one requires.
import type { EmailTemplate } from '../../src/ports/mailer';
import type { TemplateData } from '../../src/adapters/email/templates';

export const SERVICE_NUMBER = 'ER-2026-004711';
/** End of Monday 2026-12-07 in Oslo (CET, UTC+1): the design's worked deadline example. */
export const DEADLINE = Date.parse('2026-12-07T22:59:59.999Z');
const base = { serviceNumber: SERVICE_NUMBER, productName: 'iPhone 15 Pro 256 GB', customerName: 'Kari Nordmann' };

export const FIXTURES: { [K in EmailTemplate]: TemplateData[K] } = {
  request_received: { ...base, serialNumber: 'F2LXK0QJN72Q' },
  hold_placed: { ...base, holdAmount: 1_234_00 },
  declined: { ...base, holdAmount: 1_234_00 },
  ineligible: { ...base, reason: 'warranty_expired' },
  awaiting_stock: { ...base, holdAmount: 1_234_00 },
  dispatched: {
    ...base,
    holdAmount: 1_234_00,
    returnDeadline: DEADLINE,
    returnLabelUrl: 'https://labels.example.no/return/ER-2026-004711.pdf',
    carrier: 'Posten',
    trackingNumber: '370722150012345678',
    trackingUrl: 'https://track.example.no/370722150012345678',
  },
  return_reminder: {
    ...base,
    holdAmount: 1_234_00,
    returnDeadline: DEADLINE,
    returnLabelUrl: 'https://labels.example.no/return/ER-2026-004711.pdf',
  },
  return_received: { ...base, receivedAt: '2026-12-03T09:15:00+01:00' },
  settled: {
    ...base,
    holdAmount: 1_234_00,
    capturedAmount: 300_00,
    releasedAmount: 934_00,
    outcome: 'no_fault_found',
    notes: 'Testet 24 timer uten feil.',
  },
  hold_action_needed: {
    ...base,
    holdAmount: 1_234_00,
    returnDeadline: DEADLINE,
    updatePaymentUrl: 'https://service.example.no/replacements/ER-2026-004711',
  },
  not_returned_charged: {
    ...base,
    capturedAmount: 1_234_00,
    returnDeadline: DEADLINE,
    lateReturnUntil: Date.parse('2026-12-21T22:59:59.999Z'),
    lateReturnFee: 500_00,
  },
  late_return_refund: { ...base, capturedAmount: 1_234_00, lateReturnFee: 500_00, refundAmount: 734_00 },
  goodwill_refund: { ...base, refundAmount: 150_00, reason: 'The replacement arrived two days late.' },
  collection_charged: { ...base, chargedAmount: 300_00 },
  cancelled: { ...base, holdAmount: 1_234_00 },
  sla_breach: {
    serviceNumber: SERVICE_NUMBER,
    sku: 'IPH15P-256-BLK',
    dueBy: Date.parse('2026-11-24T13:00:00Z'),
    serviceLevel: 'priority_4h',
    productName: 'iPhone 15 Pro 256 GB',
  },
};

const CUSTOMER = ['serviceNumber', 'productName'];

/** The spec: leaving out any of these must fail rendering. */
export const REQUIRED: Record<EmailTemplate, string[]> = {
  request_received: CUSTOMER,
  hold_placed: [...CUSTOMER, 'holdAmount'],
  declined: [...CUSTOMER, 'holdAmount'],
  ineligible: [...CUSTOMER, 'reason'],
  awaiting_stock: [...CUSTOMER, 'holdAmount'],
  dispatched: [...CUSTOMER, 'holdAmount', 'returnDeadline', 'returnLabelUrl'],
  return_reminder: [...CUSTOMER, 'holdAmount', 'returnDeadline'],
  return_received: CUSTOMER,
  settled: [...CUSTOMER, 'holdAmount', 'capturedAmount', 'releasedAmount', 'outcome'],
  hold_action_needed: [...CUSTOMER, 'holdAmount'],
  not_returned_charged: [...CUSTOMER, 'capturedAmount', 'returnDeadline'],
  late_return_refund: [...CUSTOMER, 'capturedAmount', 'lateReturnFee', 'refundAmount'],
  goodwill_refund: [...CUSTOMER, 'refundAmount', 'reason'],
  collection_charged: [...CUSTOMER, 'chargedAmount'],
  cancelled: CUSTOMER,
  sla_breach: ['serviceNumber', 'sku', 'dueBy', 'serviceLevel'],
};

/** What each rendered fixture must say (in subject, text or HTML), per locale. */
export const EXPECTED: Record<'nb' | 'en', Record<EmailTemplate, string[]>> = {
  nb: {
    request_received: ['Hei Kari Nordmann,', 'iPhone 15 Pro 256 GB', 'F2LXK0QJN72Q'],
    hold_placed: ['1 234,00 kr (inkl. mva. 246,80 kr)', 'reservasjon, ikke en belastning'],
    declined: ['1 234,00 kr', 'Ingenting er belastet'],
    ineligible: ['garantien for dette produktet er utløpt'],
    awaiting_stock: ['ikke på lager', '1 234,00 kr', 'avbryte'],
    dispatched: [
      'mandag 7. desember 2026 kl. 23:59 (norsk tid)',
      'https://labels.example.no/return/ER-2026-004711.pdf',
      '370722150012345678',
      'https://track.example.no/370722150012345678',
      'belastes hele det reserverte beløpet på 1 234,00 kr',
      '1 234,00 kr (inkl. mva. 246,80 kr)',
    ],
    return_reminder: ['7. desember 2026 kl. 23:59', 'https://labels.example.no/return/ER-2026-004711.pdf'],
    return_received: ['torsdag 3. desember 2026 kl. 09:15'],
    settled: ['300,00 kr (inkl. mva. 60,00 kr)', '934,00 kr', 'vi fant ingen feil', 'Testet 24 timer uten feil.'],
    hold_action_needed: ['kunne ikke fornyes', '1 234,00 kr', 'https://service.example.no/replacements/ER-2026-004711'],
    not_returned_charged: ['1 234,00 kr (inkl. mva. 246,80 kr)', '500,00 kr (inkl. mva. 100,00 kr)', '21. desember 2026'],
    late_return_refund: ['734,00 kr', '1 234,00 kr', '500,00 kr (inkl. mva. 100,00 kr)'],
    goodwill_refund: ['150,00 kr tilbakebetalt', 'The replacement arrived two days late.'],
    collection_charged: ['300,00 kr belastet', 'ble avvist'],
    cancelled: ['1 234,00 kr er frigitt i sin helhet'],
    sla_breach: ['IPH15P-256-BLK', 'Prioritet (innen 4 arbeidstimer)', 'tirsdag 24. november 2026 kl. 14:00'],
  },
  en: {
    request_received: ['Hello Kari Nordmann,', 'iPhone 15 Pro 256 GB', 'F2LXK0QJN72Q'],
    hold_placed: ['NOK 1,234.00 (incl. VAT NOK 246.80)', 'reservation, not a charge'],
    declined: ['NOK 1,234.00', 'Nothing has been charged'],
    ineligible: ['the warranty for this product has expired'],
    awaiting_stock: ['not in stock', 'NOK 1,234.00', 'cancel'],
    dispatched: [
      '7 December 2026',
      '23:59 (Oslo time)',
      'https://labels.example.no/return/ER-2026-004711.pdf',
      '370722150012345678',
      'full hold of NOK 1,234.00 will be charged',
    ],
    return_reminder: ['7 December 2026', 'https://labels.example.no/return/ER-2026-004711.pdf'],
    return_received: ['3 December 2026', '09:15'],
    settled: ['NOK 300.00 (incl. VAT NOK 60.00)', 'NOK 934.00', 'no fault was found', 'Testet 24 timer uten feil.'],
    hold_action_needed: ['could not be renewed', 'NOK 1,234.00', 'https://service.example.no/replacements/ER-2026-004711'],
    not_returned_charged: ['NOK 1,234.00 (incl. VAT NOK 246.80)', 'NOK 500.00 (incl. VAT NOK 100.00)', '21 December 2026'],
    late_return_refund: ['NOK 734.00', 'NOK 1,234.00', 'NOK 500.00 (incl. VAT NOK 100.00)'],
    goodwill_refund: ['NOK 150.00 refunded', 'The replacement arrived two days late.'],
    collection_charged: ['NOK 300.00 charged', 'was declined'],
    cancelled: ['NOK 1,234.00 on your card has been released in full'],
    sla_breach: ['IPH15P-256-BLK', 'Priority (within 4 business hours)', '24 November 2026', '14:00'],
  },
};
