// English copy. Keep entries parallel to copy-nb.ts; the layout adds greeting, service number,
// sign-off and footer.
import { line, strong, type Copy } from './copy';

export const en: Copy = {
  locale: 'en',
  vatSuffix: (vat) => `incl. VAT ${vat}`,
  greeting: (name) => (name ? line`Hello ${name},` : line`Hello,`),
  signoff: 'Kind regards,',
  defaultBrand: 'Express Replacement Service',
  footer: (sn) => line`This is an automated message about service number ${sn}. All amounts are in Norwegian kroner (NOK) and include 25% VAT.`,
  labels: {
    serviceNumber: 'Service number',
    product: 'Product',
    serialNumber: 'Serial number',
    holdAmount: 'Temporary hold',
    returnBy: 'Return by',
    carrier: 'Carrier',
    trackingNumber: 'Tracking number',
    result: 'Inspection result',
    charged: 'Charged',
    released: 'Released',
    labour: 'Labour',
    lateReturnFee: 'Late-return fee',
    refunded: 'Refunded',
    reason: 'Reason',
    received: 'Received',
    sku: 'SKU',
    serviceLevel: 'Service level',
    dueBy: 'Due by',
  },
  outcomes: {
    covered: 'the fault is covered by the warranty, your coverage plan or consumer law',
    no_fault_found: 'no fault was found, so the examination fee applies',
    accidental_damage: "accidental damage covered by your coverage plan, so the plan's service fee applies",
    not_covered: 'the damage is not covered by the warranty or a coverage plan (for example impact, liquid or overvoltage), so the out-of-warranty fee applies',
    unauthorized_modification: 'the product has been modified or repaired by an unauthorized party and cannot be repaired',
    third_party_fault: 'the fault was caused by third-party equipment, so labour is charged per started 15 minutes',
    user_error: 'the fault was caused by use or configuration, so labour is charged per started 15 minutes',
    wrong_product_shipped: 'we shipped the wrong product; this is on us, including the return shipping',
    dead_on_arrival: 'the replacement was faulty on arrival; this is on us, including the return shipping',
  },
  serviceLevels: {
    standard: 'Standard (same business day if requested before 15:00)',
    priority_4h: 'Priority (within 4 business hours)',
    '24x7': '24x7 (within 24 hours)',
  },
  ineligibleReasons: {
    warranty_expired: 'the warranty for this product has expired',
    unknown_sku: 'this product is not offered for express replacement',
  },
  templates: {
    request_received: (d) => ({
      audience: 'customer',
      subject: line`We have received your express replacement request`,
      paragraphs: [
        line`Thank you. We have received your request for an express replacement of your ${d.productName}.`,
        line`We are now checking that it is covered and placing a temporary hold on your card for the retail price of the replacement. You will hear from us shortly.`,
      ],
      facts: [{ label: en.labels.product, value: d.productName }, d.serialNumber !== undefined && { label: en.labels.serialNumber, value: d.serialNumber }],
    }),

    hold_placed: (d, f) => ({
      audience: 'customer',
      subject: line`Temporary hold of ${f.money(d.holdAmount)} placed on your card`,
      paragraphs: [
        line`We have placed a temporary hold of ${strong(f.money(d.holdAmount))} on your card for the retail price of the replacement ${d.productName}.`,
        line`This is a reservation, not a charge: the amount is not taken from your account.`,
        line`We release the hold once we have received and inspected your original product and confirmed that the fault is covered by the warranty, your coverage plan or consumer law. If a fee applies, we capture only the fee and release the rest. Your bank may take a few days to show a released amount as available.`,
      ],
      facts: [
        { label: en.labels.product, value: d.productName },
        { label: en.labels.holdAmount, value: f.moneyWithVat(d.holdAmount) },
      ],
    }),

    declined: (d, f) => ({
      audience: 'customer',
      subject: line`Your card could not be authorized`,
      paragraphs: [
        line`We could not place the temporary hold of ${f.money(d.holdAmount)} on your card, so no replacement ${d.productName} has been shipped. Nothing has been charged.`,
        line`You are welcome to make a new request with another card, or to contact your bank if you believe the card should have been accepted.`,
      ],
    }),

    ineligible: (d) => ({
      audience: 'customer',
      subject: line`Your product is not eligible for express replacement`,
      paragraphs: [
        line`Unfortunately, your ${d.productName} is not eligible for express replacement.`,
        line`No hold has been placed on your card and nothing has been charged. You can still have the product repaired through our regular service, where fees may apply.`,
      ],
      facts: [{ label: en.labels.reason, value: en.ineligibleReasons[d.reason] ?? d.reason }],
    }),

    awaiting_stock: (d, f) => ({
      audience: 'customer',
      subject: line`Your replacement is waiting for stock`,
      paragraphs: [
        line`The replacement ${d.productName} is not in stock right now. We will ship it as soon as it arrives and email you when it is on its way.`,
        line`The temporary hold of ${f.money(d.holdAmount)} on your card stays in place while you wait; it is not a charge. If you would rather not wait, you can cancel the request, and the hold is then released in full.`,
        ...(d.waitEndsAt !== undefined
          ? [line`If no replacement unit has arrived by ${strong(f.dateTime(d.waitEndsAt))}, we cancel the request and release the hold in full.`]
          : []),
      ],
    }),

    dispatched: (d, f) => ({
      audience: 'customer',
      subject: line`Your replacement is on its way – return the original by ${f.date(d.returnDeadline)}`,
      paragraphs: [
        line`Your replacement ${d.productName} has been shipped.`,
        line`How to return your original product: back up and erase it, and remove any SIM or memory card. Pack it in the packaging that comes with the replacement, attach the prepaid return label and hand the parcel to the carrier.`,
        line`Return it by ${strong(f.dateTime(d.returnDeadline))}. A return that the carrier has scanned before then counts as on time.`,
        line`If we have not received your original product by the deadline, the full hold of ${f.money(d.holdAmount)} will be charged to your card.`,
      ],
      facts: [
        { label: en.labels.product, value: d.productName },
        { label: en.labels.returnBy, value: f.dateTime(d.returnDeadline) },
        { label: en.labels.holdAmount, value: f.moneyWithVat(d.holdAmount) },
        d.carrier !== undefined && { label: en.labels.carrier, value: d.carrier },
        d.trackingNumber !== undefined && { label: en.labels.trackingNumber, value: d.trackingNumber },
      ],
      actions: [
        { label: 'Print the return label', url: d.returnLabelUrl },
        d.trackingUrl !== undefined && { label: 'Track your replacement', url: d.trackingUrl },
      ],
    }),

    return_reminder: (d, f) => ({
      audience: 'customer',
      subject: line`Reminder: return your original product by ${f.date(d.returnDeadline)}`,
      paragraphs: [
        line`We have not yet received your original ${d.productName}. Please return it by ${strong(f.dateTime(d.returnDeadline))} using the prepaid return label.`,
        line`If it is not returned by then, the full hold of ${f.money(d.holdAmount)} will be charged to your card. If you have already handed it to the carrier, you do not need to do anything.`,
      ],
      facts: [{ label: en.labels.returnBy, value: f.dateTime(d.returnDeadline) }],
      actions: [d.returnLabelUrl !== undefined && { label: 'Print the return label', url: d.returnLabelUrl }],
    }),

    return_received: (d, f) => ({
      audience: 'customer',
      subject: line`We have received your original product`,
      paragraphs: [
        line`We have received your original ${d.productName}. It will now be inspected, and we will email you the result and what happens to the hold on your card.`,
      ],
      facts: [d.receivedAt !== undefined && { label: en.labels.received, value: f.dateTime(d.receivedAt) }],
    }),

    settled: (d, f) => ({
      audience: 'customer',
      subject:
        d.capturedAmount === 0 ? line`Inspection complete: your hold has been released` : line`Inspection complete: ${f.money(d.capturedAmount)} charged`,
      paragraphs: [
        line`We have inspected your original ${d.productName}. Result: ${f.outcome(d.outcome)}.`,
        d.beyondRepair === true && line`The unit is beyond repair, so the retail price of the replacement applies.`,
        d.notes !== undefined && line`Inspector's notes: ${d.notes}`,
        d.capturedAmount === 0
          ? line`The temporary hold of ${f.money(d.holdAmount)} has been released in full. Nothing has been charged.`
          : d.releasedAmount > 0
            ? line`We have charged ${strong(f.moneyWithVat(d.capturedAmount))} to your card and released the remaining ${f.money(d.releasedAmount)}.`
            : line`We have charged ${strong(f.moneyWithVat(d.capturedAmount))} to your card.`,
        d.releasedAmount > 0 && line`Your bank may take a few days to show the released amount as available.`,
      ],
      facts: [
        { label: en.labels.result, value: f.outcome(d.outcome) },
        { label: en.labels.holdAmount, value: f.money(d.holdAmount) },
        { label: en.labels.charged, value: f.moneyWithVat(d.capturedAmount) },
        { label: en.labels.released, value: f.money(d.releasedAmount) },
        d.labourMinutes !== undefined && {
          label: en.labels.labour,
          value: `${d.labourMinutes} minutes, billed per started 15 minutes`,
        },
      ],
    }),

    hold_action_needed: (d, f) => ({
      audience: 'customer',
      subject: line`Action needed: the hold on your card could not be renewed`,
      paragraphs: [
        line`Card holds expire after a while, so we renew the temporary hold of ${f.money(d.holdAmount)} for your replacement ${d.productName} until your original product has been inspected. This time the renewal was not accepted by your card.`,
        line`What to do: check that the card is still valid and has enough available credit, or contact your bank. If you would like to use another card, contact our customer service and quote the service number.`,
        d.returnDeadline !== undefined && line`Please still return your original product by ${strong(f.dateTime(d.returnDeadline))}.`,
        line`If the fault is covered, nothing will be charged. If a fee or the retail price becomes due, we will charge it to the card you used for this request when the case is settled.`,
      ],
      actions: [d.updatePaymentUrl !== undefined && { label: 'Update your card', url: d.updatePaymentUrl }],
    }),

    not_returned_charged: (d, f) => ({
      audience: 'customer',
      subject: line`Original product not returned: ${f.money(d.capturedAmount)} charged`,
      paragraphs: [
        line`We have not received your original ${d.productName}, and the return deadline, ${f.dateTime(d.returnDeadline)}, has passed.`,
        line`As agreed when you requested the replacement, we have charged the hold: ${strong(f.moneyWithVat(d.capturedAmount))} has been charged to your card.`,
        d.lateReturnUntil !== undefined &&
          (d.lateReturnFee !== undefined
            ? line`If we receive the original product by ${f.dateTime(d.lateReturnUntil)}, we will refund the amount less a late-return fee of ${f.moneyWithVat(d.lateReturnFee)}.`
            : line`If we receive the original product by ${f.dateTime(d.lateReturnUntil)}, we will refund the amount less a late-return fee.`),
      ],
      facts: [
        { label: en.labels.returnBy, value: f.dateTime(d.returnDeadline) },
        { label: en.labels.charged, value: f.moneyWithVat(d.capturedAmount) },
      ],
    }),

    late_return_refund: (d, f) => ({
      audience: 'customer',
      subject: line`Late return received: ${f.money(d.refundAmount)} refunded`,
      paragraphs: [
        line`We have received your original ${d.productName} after the return deadline. We have refunded ${strong(f.money(d.refundAmount))} to your card: the ${f.money(d.capturedAmount)} charged, less the late-return fee of ${f.moneyWithVat(d.lateReturnFee)}.`,
        line`A refund may take a few days to appear on your statement.`,
      ],
      facts: [
        { label: en.labels.charged, value: f.money(d.capturedAmount) },
        { label: en.labels.lateReturnFee, value: f.moneyWithVat(d.lateReturnFee) },
        { label: en.labels.refunded, value: f.money(d.refundAmount) },
      ],
    }),

    goodwill_refund: (d, f) => ({
      audience: 'customer',
      subject: line`${f.money(d.refundAmount)} refunded to your card`,
      paragraphs: [
        line`We have refunded ${strong(f.money(d.refundAmount))} to your card for your replacement of ${d.productName}.`,
        line`Reason: ${d.reason}`,
        line`A refund may take a few days to appear on your statement.`,
      ],
      facts: [
        { label: en.labels.refunded, value: f.money(d.refundAmount) },
        { label: en.labels.reason, value: d.reason },
      ],
    }),

    collection_charged: (d, f) => ({
      audience: 'customer',
      subject: line`${f.money(d.chargedAmount)} charged to your card`,
      paragraphs: [
        line`Our earlier attempt to charge your card for your replacement of ${d.productName} was declined. We tried again, and ${strong(f.money(d.chargedAmount))} has now been charged to your card.`,
        line`Nothing more is owed for this replacement.`,
      ],
      facts: [{ label: en.labels.charged, value: f.money(d.chargedAmount) }],
    }),

    cancelled: (d, f) => ({
      audience: 'customer',
      subject: line`Your express replacement request has been cancelled`,
      paragraphs: [
        line`Your request for an express replacement of your ${d.productName} has been cancelled, and nothing has been shipped.`,
        d.holdAmount !== undefined
          ? line`The temporary hold of ${f.money(d.holdAmount)} on your card has been released in full. Nothing has been charged. Your bank may take a few days to show the amount as available.`
          : line`Nothing has been charged.`,
      ],
    }),

    sla_breach: (d, f) => ({
      audience: 'staff',
      subject: line`Dispatch SLA breached: not shipped by ${f.dateTime(d.dueBy)}`,
      paragraphs: [
        line`The replacement below was not dispatched within its service level. Please ship it as soon as possible; the replacement stays in the dispatch queue and is flagged as SLA breached.`,
      ],
      facts: [
        { label: en.labels.sku, value: d.sku },
        d.productName !== undefined && { label: en.labels.product, value: d.productName },
        { label: en.labels.serviceLevel, value: f.serviceLevel(d.serviceLevel) },
        { label: en.labels.dueBy, value: f.dateTime(d.dueBy) },
      ],
    }),
  },
};
