// The finance pages' words, nb and en. Statuses and hold states come from web/src/messages.ts.
import type { Locale } from '@domain/types';
import type { KronerParse } from './kroner';

/** The holds page's tabs: the API's hold filters, and the unsecured ones that wait for a collection. */
export const HOLD_TABS = ['active', 'expiring', 'unsecured', 'collection_required', 'captured', 'released'] as const;
export type HoldTab = (typeof HOLD_TABS)[number];

export type AmountProblem = Extract<KronerParse, { ok: false }>['problem'];
export type MoneyKind = 'authorized' | 'captured' | 'released' | 'refunded' | 'collected';

export interface FinanceMessages {
  holds: {
    heading: string;
    tabs: string;
    tab: Record<HoldTab, string>;
    tabHint: Record<HoldTab, string>;
    caption(tab: string): string;
    none: string;
    case: string;
    status: string;
    holdState: string;
    hold: string;
    captured: string;
    released: string;
    refunded: string;
    captureBefore: string;
    actions: string;
    noCaptureBefore: string;
    more: string;
    retry: string;
    retrying: string;
    retried: Record<'collected' | 'declined', (amount: string) => string>;
    refund: string;
    refundOf(id: string): string;
    amount: string;
    amountHint: string;
    amountProblem: Record<AmountProblem, string>;
    reason: string;
    reasonRequired: string;
    send: string;
    sending: string;
    close: string;
    refunded_(amount: string, left: string): string;
  };
  summary: {
    heading: string;
    period: string;
    from: string;
    to: string;
    show: string;
    badPeriod: string;
    totals: string;
    kinds: Record<MoneyKind, string>;
    entries(n: number): string;
    chart: string;
    byDay: string;
    byWeek: string;
    chartLabel(from: string, to: string, bucket: string): string;
    legend: string;
    tableCaption: string;
    start: string;
    noSeries: string;
    noMoney: string;
    csv(from: string, to: string): string;
  };
  reconciliation: {
    heading: string;
    intro: string;
    showResolved: string;
    none: string;
    noneAtAll: string;
    found: string;
    case: string;
    kind: string;
    ledger: string;
    provider: string;
    detail: string;
    state: string;
    missing: string;
    open: string;
    resolvedBy(who: string, at: string): string;
    resolve: string;
    resolveOf(id: number): string;
    note: string;
    noteHint: string;
    noteRequired: string;
    save: string;
    saving: string;
    cancel: string;
  };
}

const en: FinanceMessages = {
  holds: {
    heading: 'Card holds',
    tabs: 'Holds by state',
    tab: {
      active: 'Active',
      expiring: 'Expiring',
      unsecured: 'Unsecured',
      collection_required: 'Collection required',
      captured: 'Captured',
      released: 'Released',
    },
    tabHint: {
      active: 'Holds on a card now, the soonest to lapse first.',
      expiring: 'Active holds that lapse before the return deadline (plus 48 hours), soonest first: renew before settling.',
      unsecured: 'Holds that lapsed or failed while the replacement was open.',
      collection_required: 'Settled replacements whose off-session charge was declined: collect it again.',
      captured: 'Holds captured or charged, most recent first. A refund can be given from here.',
      released: 'Holds released in full, most recent first.',
    },
    caption: (tab) => `Holds: ${tab}`,
    none: 'No holds in this state.',
    case: 'Case',
    status: 'Status',
    holdState: 'Hold',
    hold: 'Held',
    captured: 'Captured',
    released: 'Released',
    refunded: 'Refunded',
    captureBefore: 'Capture before',
    actions: 'Actions',
    noCaptureBefore: '—',
    more: 'Show more',
    retry: 'Retry collection',
    retrying: 'Retrying …',
    retried: {
      collected: (amount) => `Collected ${amount}.`,
      declined: (amount) => `The card declined ${amount} again.`,
    },
    refund: 'Refund',
    refundOf: (id) => `Refund on ${id}`,
    amount: 'Amount (kr)',
    amountHint: 'In kroner, e.g. 150 or 150,50.',
    amountProblem: {
      empty: 'Enter an amount in kroner, e.g. 150 or 150,50.',
      format: 'Write the amount as digits with a decimal comma or point, e.g. 150,50 — no sign or currency.',
      decimals: 'At most two decimals (øre), e.g. 150,50.',
      zero: 'The amount must be more than 0 kr.',
      too_large: 'That is more than any refund can be; check the amount.',
    },
    reason: 'Reason',
    reasonRequired: 'Say why the refund is given; the customer and the books see it.',
    send: 'Refund',
    sending: 'Refunding …',
    close: 'Close',
    refunded_: (amount, left) => `Refunded ${amount}. Left to refund: ${left}.`,
  },
  summary: {
    heading: 'Summary',
    period: 'Period',
    from: 'From',
    to: 'To (inclusive)',
    show: 'Show',
    badPeriod: 'The start must be on or before the end.',
    totals: 'Totals',
    kinds: { authorized: 'Authorized', captured: 'Captured', released: 'Released', refunded: 'Refunded', collected: 'Collected' },
    entries: (n) => `${n} ledger ${n === 1 ? 'entry' : 'entries'}`,
    chart: 'Money movements over time',
    byDay: 'Per day',
    byWeek: 'Per week',
    chartLabel: (from, to, bucket) =>
      `Bar chart of authorized, captured, released and refunded amounts ${bucket.toLowerCase()}, ${from} to ${to}. The table below has the same numbers.`,
    legend: 'Legend',
    tableCaption: 'The chart’s numbers',
    start: 'Starting',
    noSeries: 'No movements in this period.',
    noMoney: 'Nothing in this period.',
    csv: (from, to) => `Download the ledger for ${from} – ${to} (CSV)`,
  },
  reconciliation: {
    heading: 'Reconciliation',
    intro: 'Where the ledger and the payment provider disagree, from the daily run. Resolve each with a note of what was done.',
    showResolved: 'Show resolved findings too',
    none: 'No open findings.',
    noneAtAll: 'No findings.',
    found: 'Found',
    case: 'Case',
    kind: 'Movement',
    ledger: 'Ledger says',
    provider: 'Provider says',
    detail: 'Detail',
    state: 'State',
    missing: 'nothing',
    open: 'Open',
    resolvedBy: (who, at) => `Resolved by ${who}, ${at}`,
    resolve: 'Resolve',
    resolveOf: (id) => `Resolve finding ${id}`,
    note: 'Note',
    noteHint: 'What was found and done, for the books.',
    noteRequired: 'Write a note: what was found and done.',
    save: 'Mark resolved',
    saving: 'Saving …',
    cancel: 'Cancel',
  },
};

const nb: FinanceMessages = {
  holds: {
    heading: 'Kortreservasjoner',
    tabs: 'Reservasjoner etter tilstand',
    tab: {
      active: 'Aktive',
      expiring: 'Utløper snart',
      unsecured: 'Usikret',
      collection_required: 'Må kreves inn',
      captured: 'Trukket',
      released: 'Frigitt',
    },
    tabHint: {
      active: 'Reservasjoner på kort nå, de som utløper først øverst.',
      expiring: 'Aktive reservasjoner som utløper før returfristen (pluss 48 timer), først øverst: fornyes før oppgjør.',
      unsecured: 'Reservasjoner som utløp eller feilet mens saken var åpen.',
      collection_required: 'Avsluttede saker der trekket uten kunden til stede ble avvist: krev inn på nytt.',
      captured: 'Reservasjoner som er trukket, nyeste først. Herfra kan beløp refunderes.',
      released: 'Reservasjoner frigitt i sin helhet, nyeste først.',
    },
    caption: (tab) => `Reservasjoner: ${tab}`,
    none: 'Ingen reservasjoner i denne tilstanden.',
    case: 'Sak',
    status: 'Status',
    holdState: 'Reservasjon',
    hold: 'Reservert',
    captured: 'Trukket',
    released: 'Frigitt',
    refunded: 'Refundert',
    captureBefore: 'Trekkes innen',
    actions: 'Handlinger',
    noCaptureBefore: '—',
    more: 'Vis flere',
    retry: 'Prøv innkreving igjen',
    retrying: 'Prøver …',
    retried: {
      collected: (amount) => `${amount} er krevd inn.`,
      declined: (amount) => `Kortet avviste ${amount} igjen.`,
    },
    refund: 'Refunder',
    refundOf: (id) => `Refusjon for ${id}`,
    amount: 'Beløp (kr)',
    amountHint: 'I kroner, f.eks. 150 eller 150,50.',
    amountProblem: {
      empty: 'Skriv et beløp i kroner, f.eks. 150 eller 150,50.',
      format: 'Skriv beløpet med sifre og desimalkomma eller punktum, f.eks. 150,50 – uten fortegn eller valuta.',
      decimals: 'Høyst to desimaler (øre), f.eks. 150,50.',
      zero: 'Beløpet må være mer enn 0 kr.',
      too_large: 'Det er mer enn noen refusjon kan være; sjekk beløpet.',
    },
    reason: 'Begrunnelse',
    reasonRequired: 'Skriv hvorfor beløpet refunderes; kunden og regnskapet ser det.',
    send: 'Refunder',
    sending: 'Refunderer …',
    close: 'Lukk',
    refunded_: (amount, left) => `Refundert ${amount}. Igjen å refundere: ${left}.`,
  },
  summary: {
    heading: 'Oversikt',
    period: 'Periode',
    from: 'Fra',
    to: 'Til og med',
    show: 'Vis',
    badPeriod: 'Startdatoen må være før eller lik sluttdatoen.',
    totals: 'Summer',
    kinds: { authorized: 'Reservert', captured: 'Trukket', released: 'Frigitt', refunded: 'Refundert', collected: 'Innkrevd' },
    entries: (n) => `${n} ${n === 1 ? 'post' : 'poster'} i hovedboken`,
    chart: 'Pengebevegelser over tid',
    byDay: 'Per dag',
    byWeek: 'Per uke',
    chartLabel: (from, to, bucket) =>
      `Søylediagram over reserverte, trukne, frigitte og refunderte beløp ${bucket.toLowerCase()}, ${from} til ${to}. Tabellen under har de samme tallene.`,
    legend: 'Forklaring',
    tableCaption: 'Tallene i diagrammet',
    start: 'Fra og med',
    noSeries: 'Ingen bevegelser i perioden.',
    noMoney: 'Ingenting i perioden.',
    csv: (from, to) => `Last ned hovedboken for ${from} – ${to} (CSV)`,
  },
  reconciliation: {
    heading: 'Avstemming',
    intro: 'Der hovedboken og betalingsleverandøren er uenige, fra den daglige kjøringen. Løs hvert avvik med et notat om hva som ble gjort.',
    showResolved: 'Vis også løste avvik',
    none: 'Ingen åpne avvik.',
    noneAtAll: 'Ingen avvik.',
    found: 'Funnet',
    case: 'Sak',
    kind: 'Bevegelse',
    ledger: 'Hovedboken',
    provider: 'Leverandøren',
    detail: 'Detaljer',
    state: 'Tilstand',
    missing: 'ingenting',
    open: 'Åpen',
    resolvedBy: (who, at) => `Løst av ${who}, ${at}`,
    resolve: 'Løs',
    resolveOf: (id) => `Løs avvik ${id}`,
    note: 'Notat',
    noteHint: 'Hva som ble funnet og gjort, for regnskapet.',
    noteRequired: 'Skriv et notat: hva som ble funnet og gjort.',
    save: 'Merk som løst',
    saving: 'Lagrer …',
    cancel: 'Avbryt',
  },
};

export const FINANCE_MESSAGES: Record<Locale, FinanceMessages> = { nb, en };
