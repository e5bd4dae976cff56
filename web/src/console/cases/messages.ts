// The case search's and the case page's words, nb and en. Statuses, hold states, service levels and
// timeline entries have their words in web/src/messages.ts.
import type { Locale } from '@domain/types';
import type { ActorRole, LedgerKind, SentEmailState } from '@domain/vocabulary';
import type { FinanceActionKind, FinanceActionOutcome } from './case-types';

export interface CasesMessages {
  searchHeading: string;
  searchLabel: string;
  searchHint: string;
  search: string;
  searchEmpty: string;
  searching: string;
  results(n: number, q: string): string;
  noResults(q: string): string;
  created: string;
  caseHeading(id: string): string;
  backToSearch: string;
  notFound(id: string): string;
  customer: string;
  email: string;
  shipTo: string;
  language: string;
  account: string;
  languages: Record<Locale, string>;
  product: string;
  serial: string;
  replacementSerial: string;
  serviceLevel: string;
  status: string;
  holdState: string;
  notYet: string;
  money: string;
  holdAmount: string;
  renewals: string;
  captureBefore: string;
  outcome: string;
  resolution: string;
  captured: string;
  refunded: string;
  ledger: string;
  ledgerEmpty: string;
  columns: { at: string; kind: string; amount: string; provider: string; providerRef: string; note: string; idempotencyKey: string };
  ledgerKinds: Record<LedgerKind, string>;
  timeline: string;
  by(who: string, role: string): string;
  actorRoles: Record<ActorRole, string>;
  financeKinds: Record<FinanceActionKind, string>;
  financeOutcomes: Record<FinanceActionOutcome, string>;
  financePending: string;
  emails: string;
  emailsEmpty: string;
  emailColumns: { template: string; to: string; sentAt: string; state: string };
  emailStates: Record<SentEmailState, string>;
  labels: string;
  outboundLabel(tracking: string): string;
  returnLabel(tracking: string): string;
  noLabels: string;
  workflow: string;
  openWorkflow: string;
  partlyUnavailable(detail: string): string;
}

const en: CasesMessages = {
  searchHeading: 'Find a case',
  searchLabel: 'Service number, serial number, email or tracking number',
  searchHint: 'The whole value; letter case does not matter. Either unit’s serial number and either parcel’s tracking number are found.',
  search: 'Search',
  searchEmpty: 'Enter a service number, serial number, email or tracking number.',
  searching: 'Searching …',
  results: (n, q) => `${n} case${n === 1 ? '' : 's'} for “${q}”`,
  noResults: (q) => `No case matches “${q}”. Check the value, or try another of the case’s numbers.`,
  created: 'Requested',
  caseHeading: (id) => `Case ${id}`,
  backToSearch: 'Back to the search',
  notFound: (id) => `There is no case ${id}. Check the service number, or search by another of the case’s numbers.`,
  customer: 'Customer',
  email: 'Email',
  shipTo: 'Ships to',
  language: 'Language',
  account: 'Account',
  languages: { nb: 'Norwegian', en: 'English' },
  product: 'Product',
  serial: 'Original serial number',
  replacementSerial: 'Replacement serial number',
  serviceLevel: 'Service level',
  status: 'Status',
  holdState: 'Card hold',
  notYet: 'Not yet',
  money: 'Money',
  holdAmount: 'Hold amount',
  renewals: 'Hold renewals',
  captureBefore: 'Authorization lapses',
  outcome: 'Inspection',
  resolution: 'Resolution',
  captured: 'Captured or charged',
  refunded: 'Refunded',
  ledger: 'Ledger',
  ledgerEmpty: 'No ledger rows yet.',
  columns: {
    at: 'When',
    kind: 'Movement',
    amount: 'Amount',
    provider: 'Provider',
    providerRef: 'Provider reference',
    note: 'Note',
    idempotencyKey: 'Idempotency key',
  },
  ledgerKinds: {
    authorized: 'Hold placed',
    re_authorized: 'Hold renewed',
    released: 'Hold released',
    captured: 'Captured',
    charged: 'Charged',
    charge_failed: 'Charge failed',
    refunded: 'Refunded',
    authorization_failed: 'Hold refused',
  },
  timeline: 'Timeline',
  by: (who, role) => `by ${who} (${role})`,
  actorRoles: { customer: 'customer', warehouse: 'warehouse', finance: 'finance', admin: 'administrator', system: 'system' },
  financeKinds: { goodwill_refund: 'Goodwill refund', collection_retry: 'Collection retried' },
  financeOutcomes: { refunded: 'refunded', collected: 'collected', declined: 'declined by the card' },
  financePending: 'waiting for the provider',
  emails: 'Emails sent',
  emailsEmpty: 'No emails sent yet.',
  emailColumns: { template: 'Email', to: 'To', sentAt: 'When', state: 'State' },
  emailStates: { sending: 'Sending', sent: 'Sent' },
  labels: 'Shipping labels',
  outboundLabel: (tracking) => `Outbound label, parcel ${tracking} (PDF)`,
  returnLabel: (tracking) => `Return label, parcel ${tracking} (PDF)`,
  noLabels: 'No labels yet: they are made at dispatch.',
  workflow: 'Workflow',
  openWorkflow: 'Open the workflow in the Temporal UI',
  partlyUnavailable: (detail) => `Part of the case could not be loaded: ${detail}`,
};

const nb: CasesMessages = {
  searchHeading: 'Finn en sak',
  searchLabel: 'Servicenummer, serienummer, e-post eller sporingsnummer',
  searchHint: 'Hele verdien; store og små bokstaver spiller ingen rolle. Begge enheters serienummer og begge pakkers sporingsnummer finnes.',
  search: 'Søk',
  searchEmpty: 'Skriv inn et servicenummer, serienummer, e-post eller sporingsnummer.',
  searching: 'Søker …',
  results: (n, q) => `${n} ${n === 1 ? 'sak' : 'saker'} for «${q}»`,
  noResults: (q) => `Ingen sak passer med «${q}». Sjekk verdien, eller prøv et annet av sakens numre.`,
  created: 'Bestilt',
  caseHeading: (id) => `Sak ${id}`,
  backToSearch: 'Tilbake til søket',
  notFound: (id) => `Det finnes ingen sak ${id}. Sjekk servicenummeret, eller søk på et annet av sakens numre.`,
  customer: 'Kunde',
  email: 'E-post',
  shipTo: 'Sendes til',
  language: 'Språk',
  account: 'Konto',
  languages: { nb: 'Norsk', en: 'Engelsk' },
  product: 'Produkt',
  serial: 'Originalens serienummer',
  replacementSerial: 'Erstatningens serienummer',
  serviceLevel: 'Servicenivå',
  status: 'Status',
  holdState: 'Reservasjon på kortet',
  notYet: 'Ikke ennå',
  money: 'Penger',
  holdAmount: 'Reservert beløp',
  renewals: 'Fornyelser av reservasjonen',
  captureBefore: 'Autorisasjonen utløper',
  outcome: 'Kontroll',
  resolution: 'Utfall',
  captured: 'Trukket eller belastet',
  refunded: 'Refundert',
  ledger: 'Hovedbok',
  ledgerEmpty: 'Ingen føringer ennå.',
  columns: {
    at: 'Når',
    kind: 'Bevegelse',
    amount: 'Beløp',
    provider: 'Leverandør',
    providerRef: 'Leverandørens referanse',
    note: 'Merknad',
    idempotencyKey: 'Idempotensnøkkel',
  },
  ledgerKinds: {
    authorized: 'Reservert',
    re_authorized: 'Reservasjon fornyet',
    released: 'Reservasjon frigitt',
    captured: 'Trukket',
    charged: 'Belastet',
    charge_failed: 'Belastning feilet',
    refunded: 'Refundert',
    authorization_failed: 'Reservasjon avvist',
  },
  timeline: 'Tidslinje',
  by: (who, role) => `av ${who} (${role})`,
  actorRoles: { customer: 'kunde', warehouse: 'lager', finance: 'økonomi', admin: 'administrator', system: 'systemet' },
  financeKinds: { goodwill_refund: 'Kulanserefusjon', collection_retry: 'Nytt innkrevingsforsøk' },
  financeOutcomes: { refunded: 'refundert', collected: 'innkrevd', declined: 'avvist av kortet' },
  financePending: 'venter på leverandøren',
  emails: 'Sendte e-poster',
  emailsEmpty: 'Ingen e-poster sendt ennå.',
  emailColumns: { template: 'E-post', to: 'Til', sentAt: 'Når', state: 'Tilstand' },
  emailStates: { sending: 'Sendes', sent: 'Sendt' },
  labels: 'Fraktetiketter',
  outboundLabel: (tracking) => `Etikett for utsending, pakke ${tracking} (PDF)`,
  returnLabel: (tracking) => `Returetikett, pakke ${tracking} (PDF)`,
  noLabels: 'Ingen etiketter ennå: de lages ved utsending.',
  workflow: 'Arbeidsflyt',
  openWorkflow: 'Åpne arbeidsflyten i Temporal UI',
  partlyUnavailable: (detail) => `En del av saken kunne ikke lastes: ${detail}`,
};

export const CASES_MESSAGES: Record<Locale, CasesMessages> = { nb, en };
