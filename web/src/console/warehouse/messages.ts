// The warehouse pages' own words, nb and en. Statuses, outcomes, service levels and resolutions
// come from the portal's messages (useI18n().t).
import type { Locale } from '@domain/types';
import type { StockAdjustmentReason, StockMovementKind } from '@domain/vocabulary';
import type { ReturnGroup } from './return-groups';

export interface WarehouseMessages {
  failed(detail: string): string;
  none: string;
  scan: {
    label: string;
    hint: string;
    repeat(code: string): string;
    escape: string;
  };
  dispatch: {
    heading: string;
    queueHeading: string;
    scanHeading: string;
    filter: string;
    allLevels: string;
    empty: string;
    count(n: number): string;
    truncated: string;
    service: string;
    product: string;
    level: string;
    due: string;
    breached: string;
    onTime: string;
    review: string;
    stepPick: string;
    stepUnit(id: string): string;
    sending: string;
    unknown(code: string): string;
    mayNotShip(id: string): string;
    customer: string;
    expectedSku: string;
    original: string;
    sent(id: string, serial: string): string;
    outboundLabel: string;
    returnLabel: string;
    newTab: string;
    refused(detail: string): string;
  };
  receiving: {
    heading: string;
    scanLabel: string;
    stepFind: string;
    stepSerial(id: string): string;
    expected: string;
    unknown(code: string): string;
    mismatchHeading: string;
    mismatchText: string;
    scanned: string;
    acknowledge: string;
    nothingSent: string;
    received(id: string): string;
    inspectNow: string;
    refused(detail: string): string;
    waiting(n: number): string;
  };
  inspection: {
    listHeading: string;
    listEmpty: string;
    open: string;
    formHeading(id: string): string;
    back: string;
    notAwaiting(status: string): string;
    outcome: string;
    beyondRepair: string;
    beyondRepairOnlyFor(outcomes: string): string;
    labourMinutes: string;
    labourHint: string;
    labourNotHere: string;
    notes: string;
    previewHeading: string;
    previewButton: string;
    previewing: string;
    capture: string;
    release: string;
    hold: string;
    resolution: string;
    basis: string;
    previewNeeded: string;
    previewStale: string;
    confirm: string;
    confirming: string;
    done(status: string): string;
    captured: string;
    customer: string;
    serial: string;
    product: string;
  };
  returns: {
    heading: string;
    filter: string;
    all: string;
    groups: Record<ReturnGroup, string>;
    empty: string;
    service: string;
    product: string;
    expectedSerial: string;
    tracking: string;
    deadline: string;
    group: string;
    receive: string;
  };
  stock: {
    heading: string;
    sku: string;
    name: string;
    onHand: string;
    reserved: string;
    available: string;
    waiting: string;
    choose: string;
    chosen(sku: string): string;
    receiptHeading: string;
    adjustmentHeading: string;
    quantity: string;
    adjustmentQuantityHint: string;
    reason: string;
    note: string;
    record: string;
    recorded(sku: string, onHand: number): string;
    woken(ids: string): string;
    movementsHeading(sku: string): string;
    kind: string;
    change: string;
    after: string;
    actor: string;
    at: string;
    reference: string;
    kinds: Record<StockMovementKind, string>;
    reasons: Record<StockAdjustmentReason, string>;
    notInCatalog: string;
  };
}

const en: WarehouseMessages = {
  failed: (detail) => `Could not load: ${detail}`,
  none: '—',
  scan: {
    label: 'Scan',
    hint: 'Scan or type, then Enter. The field stays ready for the next scan.',
    repeat: (code) => `${code} was just scanned; the repeat is ignored.`,
    escape: 'Esc starts over.',
  },
  dispatch: {
    heading: 'Dispatch',
    queueHeading: 'Waiting to ship, most urgent first',
    scanHeading: 'Scan to dispatch',
    filter: 'Service level',
    allLevels: 'All service levels',
    empty: 'Nothing is waiting to ship.',
    count: (n) => `${n} waiting`,
    truncated: 'Only the first part of the queue is shown.',
    service: 'Service number',
    product: 'Product (SKU)',
    level: 'Service level',
    due: 'Ship by',
    breached: 'Late',
    onTime: 'On time',
    review: 'Waits for review',
    stepPick: 'Step 1 of 2: scan the service number on the order sheet.',
    stepUnit: (id) => `Step 2 of 2: scan the serial of the unit going out for ${id}.`,
    sending: 'Dispatching …',
    unknown: (code) => `${code} is not a service number in the queue. Scan the service number first.`,
    mayNotShip: (id) => `${id} waits for staff review and may not ship yet.`,
    customer: 'Customer',
    expectedSku: 'Pick this product',
    original: 'Original serial (not this one)',
    sent: (id, serial) => `${id} dispatched with unit ${serial}.`,
    outboundLabel: 'Shipping label (PDF)',
    returnLabel: 'Return label (PDF)',
    newTab: 'opens in a new tab',
    refused: (detail) => `Not dispatched: ${detail} Scan the unit again to retry.`,
  },
  receiving: {
    heading: 'Receiving',
    scanLabel: 'Scan',
    stepFind: 'Step 1 of 2: scan the return label’s tracking number (or the service number).',
    stepSerial: (id) => `Step 2 of 2: scan the serial of the unit in the parcel for ${id}.`,
    expected: 'Expected serial',
    unknown: (code) => `${code} is not an expected return. Scan the return label’s tracking number or the service number.`,
    mismatchHeading: 'Wrong unit: the serial does not match',
    mismatchText: 'This is not the unit the customer registered. Nothing was recorded. Set the unit aside.',
    scanned: 'Scanned serial',
    acknowledge: 'Understood (Enter)',
    nothingSent: 'Nothing was recorded. Scan the right unit, or another parcel.',
    received: (id) => `${id} received; it waits for inspection.`,
    inspectNow: 'Inspect now',
    refused: (detail) => `Not received: ${detail}`,
    waiting: (n) => `${n} returns expected`,
  },
  inspection: {
    listHeading: 'Waiting for inspection',
    listEmpty: 'No unit is waiting for inspection.',
    open: 'Inspect',
    formHeading: (id) => `Inspect ${id}`,
    back: 'Back to the inspection list',
    notAwaiting: (status) => `This replacement is not waiting for inspection (it is: ${status}).`,
    outcome: 'Outcome',
    beyondRepair: 'Beyond repair',
    beyondRepairOnlyFor: (outcomes) => `Only for: ${outcomes}.`,
    labourMinutes: 'Labour time (minutes)',
    labourHint: 'Billed per started 15 minutes.',
    labourNotHere: 'Billed as labour, which applies only to service parts; not for this product.',
    notes: 'Notes',
    previewHeading: 'What will happen to the hold',
    previewButton: 'Show the fee again',
    previewing: 'Working out the fee …',
    capture: 'Charged (captured)',
    release: 'Released to the customer',
    hold: 'Hold',
    resolution: 'Resolution',
    basis: 'Why',
    previewNeeded: 'Choose an outcome; the fee is shown before you confirm.',
    previewStale: 'The fee for these choices is not shown yet.',
    confirm: 'Confirm the inspection',
    confirming: 'Recording …',
    done: (status) => `Recorded. The replacement is now: ${status}.`,
    captured: 'Charged',
    customer: 'Customer',
    serial: 'Serial',
    product: 'Product',
  },
  returns: {
    heading: 'Incoming returns',
    filter: 'Show',
    all: 'All',
    groups: { overdue: 'Overdue', due_soon: 'Due within 2 days', in_transit: 'In transit', dispatched: 'Sent, not yet on the way back' },
    empty: 'No returns in this group.',
    service: 'Service number',
    product: 'Product',
    expectedSerial: 'Expected serial',
    tracking: 'Return tracking',
    deadline: 'Return by',
    group: 'State',
    receive: 'Go to receiving',
  },
  stock: {
    heading: 'Stock',
    sku: 'SKU',
    name: 'Product',
    onHand: 'On hand',
    reserved: 'Reserved',
    available: 'Available',
    waiting: 'Waiting',
    choose: 'Choose',
    chosen: (sku) => `${sku} chosen`,
    receiptHeading: 'Record units received',
    adjustmentHeading: 'Correct the count',
    quantity: 'Units',
    adjustmentQuantityHint: 'Positive to add (found), negative to take out (damaged, lost).',
    reason: 'Reason',
    note: 'Note (optional)',
    record: 'Record',
    recorded: (sku, onHand) => `Recorded. ${sku} now has ${onHand} on hand.`,
    woken: (ids) => `Now shipping to: ${ids}.`,
    movementsHeading: (sku) => `Movements of ${sku}, newest first`,
    kind: 'Kind',
    change: 'Change',
    after: 'On hand after',
    actor: 'By',
    at: 'When',
    reference: 'Reference',
    kinds: { seed: 'Opening count', receipt: 'Received', adjustment: 'Correction', shipment: 'Shipped' },
    reasons: { count_correction: 'Count correction', damaged: 'Damaged', lost: 'Lost', found: 'Found', returned_to_supplier: 'Returned to supplier' },
    notInCatalog: 'no longer in the catalog',
  },
};

const nb: WarehouseMessages = {
  failed: (detail) => `Kunne ikke laste: ${detail}`,
  none: '—',
  scan: {
    label: 'Skann',
    hint: 'Skann eller skriv, så Enter. Feltet er klart for neste skanning.',
    repeat: (code) => `${code} ble nettopp skannet; gjentakelsen er ignorert.`,
    escape: 'Esc begynner på nytt.',
  },
  dispatch: {
    heading: 'Utsending',
    queueHeading: 'Venter på utsending, mest hastende først',
    scanHeading: 'Skann for å sende',
    filter: 'Servicenivå',
    allLevels: 'Alle servicenivåer',
    empty: 'Ingenting venter på utsending.',
    count: (n) => `${n} venter`,
    truncated: 'Bare første del av køen vises.',
    service: 'Servicenummer',
    product: 'Produkt (SKU)',
    level: 'Servicenivå',
    due: 'Send innen',
    breached: 'Forsinket',
    onTime: 'I tide',
    review: 'Venter på kontroll',
    stepPick: 'Trinn 1 av 2: skann servicenummeret på ordrearket.',
    stepUnit: (id) => `Trinn 2 av 2: skann serienummeret på enheten som sendes for ${id}.`,
    sending: 'Sender …',
    unknown: (code) => `${code} er ikke et servicenummer i køen. Skann servicenummeret først.`,
    mayNotShip: (id) => `${id} venter på kontroll av en ansatt og kan ikke sendes ennå.`,
    customer: 'Kunde',
    expectedSku: 'Plukk dette produktet',
    original: 'Originalens serienummer (ikke dette)',
    sent: (id, serial) => `${id} sendt med enhet ${serial}.`,
    outboundLabel: 'Fraktetikett (PDF)',
    returnLabel: 'Returetikett (PDF)',
    newTab: 'åpnes i en ny fane',
    refused: (detail) => `Ikke sendt: ${detail} Skann enheten igjen for å prøve på nytt.`,
  },
  receiving: {
    heading: 'Mottak',
    scanLabel: 'Skann',
    stepFind: 'Trinn 1 av 2: skann sporingsnummeret på returetiketten (eller servicenummeret).',
    stepSerial: (id) => `Trinn 2 av 2: skann serienummeret på enheten i pakken for ${id}.`,
    expected: 'Forventet serienummer',
    unknown: (code) => `${code} er ikke en forventet retur. Skann sporingsnummeret på returetiketten eller servicenummeret.`,
    mismatchHeading: 'Feil enhet: serienummeret stemmer ikke',
    mismatchText: 'Dette er ikke enheten kunden registrerte. Ingenting er registrert. Sett enheten til side.',
    scanned: 'Skannet serienummer',
    acknowledge: 'Forstått (Enter)',
    nothingSent: 'Ingenting er registrert. Skann riktig enhet eller en annen pakke.',
    received: (id) => `${id} mottatt; den venter på kontroll.`,
    inspectNow: 'Kontroller nå',
    refused: (detail) => `Ikke mottatt: ${detail}`,
    waiting: (n) => `${n} returer ventes`,
  },
  inspection: {
    listHeading: 'Venter på kontroll',
    listEmpty: 'Ingen enhet venter på kontroll.',
    open: 'Kontroller',
    formHeading: (id) => `Kontroller ${id}`,
    back: 'Tilbake til kontrollisten',
    notAwaiting: (status) => `Dette byttet venter ikke på kontroll (status: ${status}).`,
    outcome: 'Resultat',
    beyondRepair: 'Kan ikke repareres',
    beyondRepairOnlyFor: (outcomes) => `Bare for: ${outcomes}.`,
    labourMinutes: 'Arbeidstid (minutter)',
    labourHint: 'Faktureres per påbegynte 15 minutter.',
    labourNotHere: 'Faktureres som arbeid, som bare gjelder servicedeler; ikke for dette produktet.',
    notes: 'Notater',
    previewHeading: 'Hva som skjer med reservasjonen',
    previewButton: 'Vis gebyret på nytt',
    previewing: 'Regner ut gebyret …',
    capture: 'Belastes (trekkes)',
    release: 'Frigis til kunden',
    hold: 'Reservert',
    resolution: 'Utfall',
    basis: 'Hvorfor',
    previewNeeded: 'Velg et resultat; gebyret vises før du bekrefter.',
    previewStale: 'Gebyret for disse valgene vises ikke ennå.',
    confirm: 'Bekreft kontrollen',
    confirming: 'Registrerer …',
    done: (status) => `Registrert. Byttet har nå status: ${status}.`,
    captured: 'Belastet',
    customer: 'Kunde',
    serial: 'Serienummer',
    product: 'Produkt',
  },
  returns: {
    heading: 'Innkommende returer',
    filter: 'Vis',
    all: 'Alle',
    groups: { overdue: 'Forfalt', due_soon: 'Forfaller innen 2 dager', in_transit: 'Underveis', dispatched: 'Sendt, ikke på vei tilbake ennå' },
    empty: 'Ingen returer i denne gruppen.',
    service: 'Servicenummer',
    product: 'Produkt',
    expectedSerial: 'Forventet serienummer',
    tracking: 'Retursporing',
    deadline: 'Returfrist',
    group: 'Tilstand',
    receive: 'Gå til mottak',
  },
  stock: {
    heading: 'Lagerbeholdning',
    sku: 'SKU',
    name: 'Produkt',
    onHand: 'På lager',
    reserved: 'Reservert',
    available: 'Tilgjengelig',
    waiting: 'Venter',
    choose: 'Velg',
    chosen: (sku) => `${sku} valgt`,
    receiptHeading: 'Registrer mottatte enheter',
    adjustmentHeading: 'Korriger antallet',
    quantity: 'Enheter',
    adjustmentQuantityHint: 'Positivt for å legge til (funnet), negativt for å ta ut (skadet, tapt).',
    reason: 'Årsak',
    note: 'Merknad (valgfri)',
    record: 'Registrer',
    recorded: (sku, onHand) => `Registrert. ${sku} har nå ${onHand} på lager.`,
    woken: (ids) => `Sendes nå til: ${ids}.`,
    movementsHeading: (sku) => `Bevegelser for ${sku}, nyeste først`,
    kind: 'Type',
    change: 'Endring',
    after: 'På lager etter',
    actor: 'Av',
    at: 'Når',
    reference: 'Referanse',
    kinds: { seed: 'Åpningsbeholdning', receipt: 'Mottatt', adjustment: 'Korrigering', shipment: 'Sendt' },
    reasons: { count_correction: 'Opptelling', damaged: 'Skadet', lost: 'Tapt', found: 'Funnet', returned_to_supplier: 'Returnert til leverandør' },
    notInCatalog: 'ikke lenger i katalogen',
  },
};

export const WAREHOUSE_MESSAGES: Record<Locale, WarehouseMessages> = { nb, en };
