// Every word the portal shows, in English and Norwegian bokmål. Keyed by the service's
// vocabulary (src/domain/vocabulary.ts), so a new status without words fails the type check.
import type { Coverage, HoldState, InspectionOutcome, Resolution, ServiceLevel, Status, TimelineType } from '@domain/vocabulary';

type Words<K extends string> = Record<K, string>;

export interface Messages {
  appTitle: string;
  skipToContent: string;
  language: string;
  signedInAs(name: string): string;
  signIn: string;
  signInNeeded: string;
  signOut: string;
  loading: string;
  loadFailed(detail: string): string;
  start: {
    heading: string;
    intro: string;
    holdAmount: string;
    shipsNow: string;
    waiting(n: number): string;
    choose(name: string): string;
    returnWindow(days: number, business: boolean): string;
  };
  request: {
    heading(product: string): string;
    device: string;
    serialNumber: string;
    serialHint: string;
    purchaseDate: string;
    purchaseHint: string;
    issue: string;
    coverage: string;
    serviceLevel: string;
    contact: string;
    email: string;
    language: string;
    address: string;
    name: string;
    line1: string;
    line2: string;
    postalCode: string;
    city: string;
    country: string;
    phone: string;
    card: string;
    terms: string;
    termsList(p: { hold: string; returnWindow: string; lateFee: string; examinationFee: string; outOfWarrantyFee: string }): string[];
    holdStatement(hold: string): string;
    acceptTerms: string;
    submit: string;
    submitting: string;
    fixErrors(n: number): string;
    notEligible: string;
    notEligibleNote: string;
    declined(reason: string): string;
    ineligible(reason: string): string;
    unknownProduct: string;
    back: string;
  };
  eligibility: Record<string, (p: { months: number | null; endsOn: string; product: string; consumerLawEndsOn: string | null }) => string>;
  card: {
    sandboxBadge: string;
    sandboxNote: string;
    stripeNote: string;
    stripeLoading: string;
    stripeUnavailable: string;
    stripeNotConfigured: string;
    stripeFailed: string;
    cards: Record<'visa' | 'mastercard' | 'declined' | 'insufficient' | 'authRequired' | 'declinesOffSession', string>;
  };
  status: {
    heading(id: string): string;
    current: string;
    product: string;
    serial: string;
    hold: string;
    holdState: string;
    returnBy: string;
    daysLeft(n: number): string;
    lateWarning(fee: string | null): string;
    label: string;
    downloadLabel: string;
    inspection: string;
    outcome: string;
    charged: string;
    refunded: string;
    why: string;
    timeline: string;
    cancel: string;
    cancelling: string;
    cancelConfirm: string;
    cannotCancel: string;
    refreshed(at: string): string;
    notFound: string;
    dispatchBy: string;
    authenticate: string;
  };
  statuses: Words<Status>;
  holdStates: Words<HoldState>;
  coverages: Words<Coverage>;
  serviceLevels: Words<ServiceLevel>;
  outcomes: Words<InspectionOutcome>;
  resolutions: Words<Resolution>;
  timeline: Words<TimelineType>;
  /** The lifecycle's refusals (src/domain/lifecycle.ts), in this language. */
  cancelRefusal(p: { refusal: string; status: string; dispatchedAt: string | null; returnDeadline: string | null }): string;
}

export const en: Messages = {
  appTitle: 'Express replacement',
  skipToContent: 'Skip to content',
  language: 'Language',
  signedInAs: (name) => `Signed in as ${name}`,
  signIn: 'Sign in',
  signInNeeded: 'Sign in to request a replacement or follow one.',
  signOut: 'Sign out',
  loading: 'Loading …',
  loadFailed: (detail) => `Could not load: ${detail}`,
  start: {
    heading: 'Get a replacement at once',
    intro: 'Choose your product. We ship a replacement right away against a temporary hold on your card, and release it when your original is back.',
    holdAmount: 'Card hold',
    shipsNow: 'In stock: ships at once',
    waiting: (n) => (n === 0 ? 'Out of stock: you will wait for the next unit' : `Out of stock: ${n} request${n === 1 ? '' : 's'} waiting before you`),
    choose: (name) => `Request a replacement for ${name}`,
    returnWindow: (days, business) => `Return the original within ${days} ${business ? 'business days' : 'days'}`,
  },
  request: {
    heading: (product) => `Replacement for ${product}`,
    device: 'Your device',
    serialNumber: 'Serial number',
    serialHint: 'As printed on the device or its box: 3–40 letters, digits or dashes.',
    purchaseDate: 'Purchase date',
    purchaseHint: 'The date on your receipt.',
    issue: 'What is wrong?',
    coverage: 'Covered by',
    serviceLevel: 'Service level',
    contact: 'Contact',
    email: 'Email',
    language: 'Language for emails',
    address: 'Shipping address',
    name: 'Name',
    line1: 'Address',
    line2: 'Address line 2 (optional)',
    postalCode: 'Postal code',
    city: 'City',
    country: 'Country (two letters, e.g. NO)',
    phone: 'Phone (optional)',
    card: 'Card',
    terms: 'Terms',
    termsList: (p) => [
      `We place a hold of ${p.hold} on your card. Nothing is charged now.`,
      `${p.returnWindow}, with the prepaid label we send you.`,
      `When the original is inspected and the fault is covered, the hold is released in full.`,
      `If it is not covered: an examination fee of ${p.examinationFee}, or the out-of-warranty fee of ${p.outOfWarrantyFee}.`,
      `If the original does not come back in time, the full hold is charged; a late return is refunded less ${p.lateFee}.`,
    ],
    holdStatement: (hold) => `When you confirm, ${hold} is held on your card. It is released when your original is back and covered.`,
    acceptTerms: 'I accept the hold and the return terms',
    submit: 'Confirm and request',
    submitting: 'Requesting …',
    fixErrors: (n) => `Please correct ${n} field${n === 1 ? '' : 's'} below.`,
    notEligible: 'Not eligible',
    notEligibleNote: 'The reason is under the purchase date. The card step opens when the date and coverage qualify.',
    declined: (reason) => `The card was not accepted (${reason.replace(/\.$/, '')}). Nothing was held. Choose another card and try again.`,
    ineligible: (reason) => `This device cannot be replaced: ${reason}`,
    unknownProduct: 'That product is not offered for express replacement.',
    back: 'Back to the products',
  },
  eligibility: {
    purchase_date_in_future: () => 'The purchase date is in the future; please check the date on your receipt.',
    invalid_purchase_date: () => 'Enter the purchase date as a date.',
    warranty_term_missing: ({ product }) => `The manufacturer’s warranty term for ${product} is not on record, so it cannot be replaced under warranty.`,
    plan_not_available: ({ product }) => `No coverage plan is offered for ${product}.`,
    warranty_expired: ({ months, endsOn, consumerLawEndsOn }) =>
      `The ${months}-month warranty ended on ${endsOn}.` +
      (consumerLawEndsOn ? ` You may still claim under consumer law until ${consumerLawEndsOn}: choose that coverage.` : ''),
    plan_expired: ({ months, endsOn, consumerLawEndsOn }) =>
      `The ${months}-month coverage plan ended on ${endsOn}.` +
      (consumerLawEndsOn ? ` You may still claim under consumer law until ${consumerLawEndsOn}: choose that coverage.` : ''),
    consumer_law_expired: ({ months, endsOn }) => `The ${months}-month consumer-law complaint period ended on ${endsOn}.`,
  },
  card: {
    sandboxBadge: 'Sandbox',
    sandboxNote: 'Test cards only: no real card is charged.',
    stripeNote: 'Your card details go straight to our payment provider, Stripe; we never see them.',
    stripeLoading: 'Loading the card form…',
    stripeUnavailable: 'The card form could not be loaded. Check your connection and reload the page.',
    stripeNotConfigured: 'Card payments are not set up on this service yet. Please contact the shop.',
    stripeFailed: 'The card could not be checked. Please try again.',
    cards: {
      visa: 'Visa (approved)',
      mastercard: 'Mastercard (approved)',
      declined: 'Declined card',
      insufficient: 'Insufficient funds',
      authRequired: 'Needs 3-D Secure authentication',
      declinesOffSession: 'Approved now, declines later charges',
    },
  },
  status: {
    heading: (id) => `Replacement ${id}`,
    current: 'Status',
    product: 'Product',
    serial: 'Serial number',
    hold: 'Card hold',
    holdState: 'Hold',
    returnBy: 'Return the original by',
    daysLeft: (n) => (n === 0 ? 'Today is the last day.' : `${n} business day${n === 1 ? '' : 's'} left.`),
    lateWarning: (fee) => `If it is late, the full hold is charged. A late return is still refunded${fee ? `, less a late-return fee of ${fee}` : ''}.`,
    label: 'Return label',
    downloadLabel: 'Download the return label (PDF)',
    inspection: 'Inspection',
    outcome: 'Result',
    charged: 'Charged',
    refunded: 'Refunded',
    why: 'Why',
    timeline: 'What has happened',
    cancel: 'Cancel the replacement',
    cancelling: 'Cancelling …',
    cancelConfirm: 'Cancel this replacement? The hold on your card is released.',
    cannotCancel: 'Cannot be cancelled',
    refreshed: (at) => `Updated ${at}`,
    notFound: 'No replacement with that number is yours to see.',
    dispatchBy: 'Ships by',
    authenticate: 'Confirm the card hold with your bank (3-D Secure)',
  },
  statuses: {
    pending_authorization: 'Checking your card',
    awaiting_stock: 'Waiting for a unit',
    awaiting_dispatch: 'Approved: being packed',
    dispatched: 'Sent: return your original',
    return_in_transit: 'Your return is on its way',
    awaiting_inspection: 'Received: being inspected',
    completed: 'Completed',
    cancelled: 'Cancelled',
    declined: 'Card declined',
    ineligible: 'Not eligible',
  },
  holdStates: {
    none: 'No hold',
    pending: 'Being placed',
    requires_authentication: 'Waiting for you to confirm with your bank',
    active: 'Held on your card (not charged)',
    unsecured: 'Expired at the bank (not charged)',
    captured: 'Charged',
    released: 'Released in full',
    charged: 'Charged',
  },
  coverages: { warranty: 'Manufacturer’s warranty', plan: 'Coverage plan', consumer_law: 'Consumer law (reklamasjon)' },
  serviceLevels: { standard: 'Standard (business days)', priority_4h: 'Priority (within 4 business hours)', '24x7': 'Around the clock (24/7)' },
  outcomes: {
    covered: 'Covered fault',
    no_fault_found: 'No fault found',
    accidental_damage: 'Accidental damage',
    not_covered: 'Not covered',
    unauthorized_modification: 'Unauthorized modification',
    third_party_fault: 'Third-party fault',
    user_error: 'User error',
    wrong_product_shipped: 'Wrong product sent to you',
    dead_on_arrival: 'Replacement was faulty on arrival',
  },
  resolutions: {
    hold_released: 'The hold was released in full.',
    fee_charged: 'A fee was charged; the rest of the hold was released.',
    retail_price_charged: 'The retail price was charged.',
    not_returned_charged: 'The original was not returned: the hold was charged.',
  },
  timeline: {
    requested: 'You requested a replacement',
    eligibility_checked: 'Eligibility checked',
    ineligible: 'Not eligible',
    hold_authentication_required: 'Your bank asked you to confirm the hold',
    hold_authenticated: 'You confirmed the hold with your bank',
    hold_authorized: 'Hold placed on your card',
    hold_declined: 'Your card declined the hold',
    hold_renewed: 'Hold renewed',
    hold_renewal_failed: 'Hold could not be renewed',
    hold_expired: 'Hold expired at the bank',
    hold_released: 'Hold released',
    hold_captured: 'Charged from the hold',
    charged_off_session: 'Charged to your card',
    charge_failed: 'A charge failed',
    refunded: 'Refunded',
    stock_reserved: 'A unit was set aside for you',
    out_of_stock: 'Out of stock: waiting for a unit',
    stock_released: 'The unit was put back',
    sla_breached: 'Shipping is later than promised',
    dispatched: 'Replacement sent',
    reminder_sent: 'Return reminder sent',
    return_in_transit: 'Your return was scanned by the carrier',
    return_delivered_to_warehouse: 'Your return arrived at the warehouse',
    carrier_exception: 'The carrier reported a problem',
    return_received: 'Your original was received',
    inspected: 'Inspected',
    settled: 'Settled',
    not_returned: 'The original was not returned in time',
    late_return_received: 'Late return received',
    cancelled: 'Cancelled',
    email_sent: 'Email sent',
    email_failed: 'An email could not be delivered',
    compensated: 'Undone after a failure',
    failed: 'Stopped by an error; customer service will contact you',
    review_required: 'Waiting for a check by our staff',
    review_approved: 'Approved by our staff',
    review_rejected: 'Rejected by our staff',
  },
  // English is the lifecycle's own wording.
  cancelRefusal: ({ refusal }) => refusal,
};

export const nb: Messages = {
  appTitle: 'Ekspressbytte',
  skipToContent: 'Hopp til innholdet',
  language: 'Språk',
  signedInAs: (name) => `Logget inn som ${name}`,
  signIn: 'Logg inn',
  signInNeeded: 'Logg inn for å be om et bytte eller følge et.',
  signOut: 'Logg ut',
  loading: 'Laster …',
  loadFailed: (detail) => `Kunne ikke laste: ${detail}`,
  start: {
    heading: 'Få en erstatning med en gang',
    intro:
      'Velg produktet ditt. Vi sender en erstatning med en gang mot en midlertidig reservasjon på kortet ditt, og frigir den når originalen er kommet tilbake.',
    holdAmount: 'Reservasjon på kortet',
    shipsNow: 'På lager: sendes med en gang',
    waiting: (n) => (n === 0 ? 'Ikke på lager: du venter på neste enhet' : `Ikke på lager: ${n} ${n === 1 ? 'forespørsel' : 'forespørsler'} venter foran deg`),
    choose: (name) => `Be om erstatning for ${name}`,
    returnWindow: (days, business) => `Returner originalen innen ${days} ${business ? 'virkedager' : 'dager'}`,
  },
  request: {
    heading: (product) => `Erstatning for ${product}`,
    device: 'Enheten din',
    serialNumber: 'Serienummer',
    serialHint: 'Slik det står på enheten eller esken: 3–40 bokstaver, sifre eller bindestreker.',
    purchaseDate: 'Kjøpsdato',
    purchaseHint: 'Datoen på kvitteringen.',
    issue: 'Hva er feil?',
    coverage: 'Dekkes av',
    serviceLevel: 'Servicenivå',
    contact: 'Kontakt',
    email: 'E-post',
    language: 'Språk i e-poster',
    address: 'Leveringsadresse',
    name: 'Navn',
    line1: 'Adresse',
    line2: 'Adresselinje 2 (valgfritt)',
    postalCode: 'Postnummer',
    city: 'Poststed',
    country: 'Land (to bokstaver, f.eks. NO)',
    phone: 'Telefon (valgfritt)',
    card: 'Kort',
    terms: 'Vilkår',
    termsList: (p) => [
      `Vi reserverer ${p.hold} på kortet ditt. Ingenting trekkes nå.`,
      `${p.returnWindow}, med den forhåndsbetalte etiketten vi sender deg.`,
      'Når originalen er undersøkt og feilen er dekket, frigis hele reservasjonen.',
      `Hvis feilen ikke er dekket: et undersøkelsesgebyr på ${p.examinationFee}, eller gebyret utenfor garanti på ${p.outOfWarrantyFee}.`,
      `Kommer ikke originalen tilbake i tide, trekkes hele beløpet; en sen retur betales tilbake minus ${p.lateFee}.`,
    ],
    holdStatement: (hold) => `Når du bekrefter, reserveres ${hold} på kortet ditt. Reservasjonen frigis når originalen er tilbake og feilen er dekket.`,
    acceptTerms: 'Jeg godtar reservasjonen og returvilkårene',
    submit: 'Bekreft og send',
    submitting: 'Sender …',
    fixErrors: (n) => `Rett ${n} ${n === 1 ? 'felt' : 'felter'} nedenfor.`,
    notEligible: 'Ikke berettiget',
    notEligibleNote: 'Grunnen står under kjøpsdatoen. Kortsteget åpnes når datoen og dekningen kvalifiserer.',
    declined: (reason) => `Kortet ble ikke godtatt (${reason.replace(/\.$/, '')}). Ingenting er reservert. Velg et annet kort og prøv igjen.`,
    ineligible: (reason) => `Denne enheten kan ikke byttes: ${reason}`,
    unknownProduct: 'Det produktet tilbys ikke for ekspressbytte.',
    back: 'Tilbake til produktene',
  },
  eligibility: {
    purchase_date_in_future: () => 'Kjøpsdatoen er fram i tid; sjekk datoen på kvitteringen.',
    invalid_purchase_date: () => 'Skriv kjøpsdatoen som en dato.',
    warranty_term_missing: ({ product }) => `Produsentens garantitid for ${product} er ikke registrert, så den kan ikke byttes under garanti.`,
    plan_not_available: ({ product }) => `Det tilbys ingen dekningsavtale for ${product}.`,
    warranty_expired: ({ months, endsOn, consumerLawEndsOn }) =>
      `Garantien på ${months} måneder gikk ut ${endsOn}.` +
      (consumerLawEndsOn ? ` Du kan fortsatt reklamere etter forbrukerkjøpsloven til ${consumerLawEndsOn}: velg det.` : ''),
    plan_expired: ({ months, endsOn, consumerLawEndsOn }) =>
      `Dekningsavtalen på ${months} måneder gikk ut ${endsOn}.` +
      (consumerLawEndsOn ? ` Du kan fortsatt reklamere etter forbrukerkjøpsloven til ${consumerLawEndsOn}: velg det.` : ''),
    consumer_law_expired: ({ months, endsOn }) => `Reklamasjonsfristen på ${months} måneder gikk ut ${endsOn}.`,
  },
  card: {
    sandboxBadge: 'Testmiljø',
    sandboxNote: 'Bare testkort: ingen ekte kort belastes.',
    stripeNote: 'Kortopplysningene går rett til betalingsleverandøren vår, Stripe; vi ser dem aldri.',
    stripeLoading: 'Laster kortskjemaet …',
    stripeUnavailable: 'Kortskjemaet kunne ikke lastes. Sjekk tilkoblingen og last inn siden på nytt.',
    stripeNotConfigured: 'Kortbetaling er ikke satt opp for denne tjenesten ennå. Kontakt butikken.',
    stripeFailed: 'Kortet kunne ikke kontrolleres. Prøv igjen.',
    cards: {
      visa: 'Visa (godkjennes)',
      mastercard: 'Mastercard (godkjennes)',
      declined: 'Kort som avvises',
      insufficient: 'Ikke dekning',
      authRequired: 'Krever 3-D Secure-bekreftelse',
      declinesOffSession: 'Godkjennes nå, avviser senere trekk',
    },
  },
  status: {
    heading: (id) => `Bytte ${id}`,
    current: 'Status',
    product: 'Produkt',
    serial: 'Serienummer',
    hold: 'Reservasjon på kortet',
    holdState: 'Reservasjon',
    returnBy: 'Returner originalen innen',
    daysLeft: (n) => (n === 0 ? 'I dag er siste dag.' : `${n} ${n === 1 ? 'virkedag' : 'virkedager'} igjen.`),
    lateWarning: (fee) =>
      `Kommer den for sent, trekkes hele reservasjonen. En sen retur betales likevel tilbake${fee ? `, minus et gebyr for sen retur på ${fee}` : ''}.`,
    label: 'Returetikett',
    downloadLabel: 'Last ned returetiketten (PDF)',
    inspection: 'Undersøkelse',
    outcome: 'Resultat',
    charged: 'Trukket',
    refunded: 'Betalt tilbake',
    why: 'Hvorfor',
    timeline: 'Hva som har skjedd',
    cancel: 'Avbryt byttet',
    cancelling: 'Avbryter …',
    cancelConfirm: 'Avbryte dette byttet? Reservasjonen på kortet frigis.',
    cannotCancel: 'Kan ikke avbrytes',
    refreshed: (at) => `Oppdatert ${at}`,
    notFound: 'Du har ikke noe bytte med det nummeret.',
    dispatchBy: 'Sendes innen',
    authenticate: 'Bekreft reservasjonen hos banken din (3-D Secure)',
  },
  statuses: {
    pending_authorization: 'Sjekker kortet ditt',
    awaiting_stock: 'Venter på en enhet',
    awaiting_dispatch: 'Godkjent: pakkes',
    dispatched: 'Sendt: returner originalen',
    return_in_transit: 'Returen din er på vei',
    awaiting_inspection: 'Mottatt: undersøkes',
    completed: 'Fullført',
    cancelled: 'Avbrutt',
    declined: 'Kortet ble avvist',
    ineligible: 'Ikke berettiget',
  },
  holdStates: {
    none: 'Ingen reservasjon',
    pending: 'Reserveres',
    requires_authentication: 'Venter på at du bekrefter hos banken',
    active: 'Reservert på kortet (ikke trukket)',
    unsecured: 'Utløpt i banken (ikke trukket)',
    captured: 'Trukket',
    released: 'Frigitt i sin helhet',
    charged: 'Trukket',
  },
  coverages: { warranty: 'Produsentgaranti', plan: 'Dekningsavtale', consumer_law: 'Reklamasjon (forbrukerkjøpsloven)' },
  serviceLevels: { standard: 'Standard (virkedager)', priority_4h: 'Prioritet (innen 4 arbeidstimer)', '24x7': 'Hele døgnet (24/7)' },
  outcomes: {
    covered: 'Dekket feil',
    no_fault_found: 'Ingen feil funnet',
    accidental_damage: 'Uhellsskade',
    not_covered: 'Ikke dekket',
    unauthorized_modification: 'Uautorisert endring',
    third_party_fault: 'Feil hos tredjepart',
    user_error: 'Brukerfeil',
    wrong_product_shipped: 'Feil produkt sendt til deg',
    dead_on_arrival: 'Erstatningen var defekt ved levering',
  },
  resolutions: {
    hold_released: 'Hele reservasjonen ble frigitt.',
    fee_charged: 'Et gebyr ble trukket; resten av reservasjonen ble frigitt.',
    retail_price_charged: 'Utsalgsprisen ble trukket.',
    not_returned_charged: 'Originalen kom ikke tilbake: reservasjonen ble trukket.',
  },
  timeline: {
    requested: 'Du ba om et bytte',
    eligibility_checked: 'Vilkårene er sjekket',
    ineligible: 'Ikke berettiget',
    hold_authentication_required: 'Banken ba deg bekrefte reservasjonen',
    hold_authenticated: 'Du bekreftet reservasjonen hos banken',
    hold_authorized: 'Beløpet er reservert på kortet',
    hold_declined: 'Kortet avviste reservasjonen',
    hold_renewed: 'Reservasjonen er fornyet',
    hold_renewal_failed: 'Reservasjonen kunne ikke fornyes',
    hold_expired: 'Reservasjonen utløp i banken',
    hold_released: 'Reservasjonen er frigitt',
    hold_captured: 'Trukket fra reservasjonen',
    charged_off_session: 'Trukket fra kortet',
    charge_failed: 'Et trekk mislyktes',
    refunded: 'Betalt tilbake',
    stock_reserved: 'En enhet er satt av til deg',
    out_of_stock: 'Ikke på lager: venter på en enhet',
    stock_released: 'Enheten er lagt tilbake',
    sla_breached: 'Sendingen er senere enn lovet',
    dispatched: 'Erstatningen er sendt',
    reminder_sent: 'Påminnelse om retur sendt',
    return_in_transit: 'Transportøren har skannet returen',
    return_delivered_to_warehouse: 'Returen er kommet til lageret',
    carrier_exception: 'Transportøren meldte om et problem',
    return_received: 'Originalen er mottatt',
    inspected: 'Undersøkt',
    settled: 'Oppgjort',
    not_returned: 'Originalen kom ikke tilbake i tide',
    late_return_received: 'Sen retur mottatt',
    cancelled: 'Avbrutt',
    email_sent: 'E-post sendt',
    email_failed: 'En e-post kunne ikke leveres',
    compensated: 'Angret etter en feil',
    failed: 'Stoppet av en feil; kundeservice kontakter deg',
    review_required: 'Venter på kontroll hos oss',
    review_approved: 'Godkjent av oss',
    review_rejected: 'Avvist av oss',
  },
  cancelRefusal: ({ status, dispatchedAt, returnDeadline }) =>
    dispatchedAt
      ? `Erstatningen ble sendt ${dispatchedAt} og kan ikke avbrytes; returner originalen innen ${returnDeadline ?? 'returfristen'} i stedet.`
      : `Byttet har status «${status}» og kan ikke avbrytes.`,
};
