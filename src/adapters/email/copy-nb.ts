// Norsk bokmål. Keep entries parallel to copy-en.ts; the layout adds hilsen, servicenummer,
// avslutning og bunntekst.
import { line, strong, type Copy } from './copy';

export const nb: Copy = {
  locale: 'nb',
  vatSuffix: (vat) => `inkl. mva. ${vat}`,
  greeting: (name) => (name ? line`Hei ${name},` : line`Hei,`),
  signoff: 'Vennlig hilsen',
  defaultBrand: 'Ekspressutskifting',
  footer: (sn) => line`Dette er en automatisk melding om servicenummer ${sn}. Alle beløp er i norske kroner og inkluderer 25 % merverdiavgift.`,
  labels: {
    serviceNumber: 'Servicenummer',
    product: 'Produkt',
    serialNumber: 'Serienummer',
    holdAmount: 'Midlertidig reservasjon',
    returnBy: 'Returfrist',
    carrier: 'Transportør',
    trackingNumber: 'Sporingsnummer',
    result: 'Resultat av undersøkelsen',
    charged: 'Belastet',
    released: 'Frigitt',
    labour: 'Arbeid',
    lateReturnFee: 'Gebyr for sen retur',
    refunded: 'Tilbakebetalt',
    reason: 'Årsak',
    received: 'Mottatt',
    sku: 'Varenummer (SKU)',
    serviceLevel: 'Servicenivå',
    dueBy: 'Frist',
  },
  outcomes: {
    covered: 'feilen dekkes av garantien, serviceavtalen din eller forbrukerlovgivningen',
    no_fault_found: 'vi fant ingen feil, og undersøkelsesgebyret gjelder',
    accidental_damage: 'skade ved uhell som dekkes av serviceavtalen din, og avtalens servicetillegg gjelder',
    not_covered: 'skaden dekkes ikke av garantien eller en serviceavtale (for eksempel støt, væske eller overspenning), og gebyret utenom garantien gjelder',
    unauthorized_modification: 'produktet er endret eller reparert av en uautorisert part og kan ikke repareres',
    third_party_fault: 'feilen skyldes utstyr fra tredjepart, og arbeid belastes per påbegynte 15 minutter',
    user_error: 'feilen skyldes bruk eller konfigurasjon, og arbeid belastes per påbegynte 15 minutter',
    wrong_product_shipped: 'vi sendte feil produkt; dette dekker vi, også returfrakten',
    dead_on_arrival: 'erstatningsenheten var defekt ved levering; dette dekker vi, også returfrakten',
  },
  serviceLevels: {
    standard: 'Standard (samme virkedag ved bestilling før kl. 15.00)',
    priority_4h: 'Prioritet (innen 4 arbeidstimer)',
    '24x7': '24x7 (innen 24 timer)',
  },
  ineligibleReasons: {
    warranty_expired: 'garantien for dette produktet er utløpt',
    unknown_sku: 'dette produktet tilbys ikke med ekspressutskifting',
  },
  templates: {
    request_received: (d) => ({
      audience: 'customer',
      subject: line`Vi har mottatt forespørselen din om ekspressutskifting`,
      paragraphs: [
        line`Takk! Vi har mottatt forespørselen din om ekspressutskifting av ${d.productName}.`,
        line`Vi kontrollerer nå at den er dekket, og reserverer midlertidig et beløp på kortet ditt som tilsvarer utsalgsprisen for erstatningsenheten. Du hører fra oss snart.`,
      ],
      facts: [{ label: nb.labels.product, value: d.productName }, d.serialNumber !== undefined && { label: nb.labels.serialNumber, value: d.serialNumber }],
    }),

    hold_placed: (d, f) => ({
      audience: 'customer',
      subject: line`Midlertidig reservasjon på ${f.money(d.holdAmount)} på kortet ditt`,
      paragraphs: [
        line`Vi har midlertidig reservert ${strong(f.money(d.holdAmount))} på kortet ditt, tilsvarende utsalgsprisen for erstatningsenheten (${d.productName}).`,
        line`Dette er en reservasjon, ikke en belastning: beløpet trekkes ikke fra kontoen din.`,
        line`Vi fjerner reservasjonen når vi har mottatt og undersøkt det opprinnelige produktet og bekreftet at feilen dekkes av garantien, serviceavtalen din eller forbrukerlovgivningen. Hvis et gebyr gjelder, belaster vi bare gebyret og frigir resten. Det kan ta noen dager før banken viser et frigitt beløp som disponibelt.`,
      ],
      facts: [
        { label: nb.labels.product, value: d.productName },
        { label: nb.labels.holdAmount, value: f.moneyWithVat(d.holdAmount) },
      ],
    }),

    declined: (d, f) => ({
      audience: 'customer',
      subject: line`Kortet ditt ble ikke godkjent`,
      paragraphs: [
        line`Vi fikk ikke reservert ${f.money(d.holdAmount)} på kortet ditt, og har derfor ikke sendt noen erstatningsenhet (${d.productName}). Ingenting er belastet.`,
        line`Du kan sende en ny forespørsel med et annet kort, eller kontakte banken din hvis du mener kortet burde vært godkjent.`,
      ],
    }),

    ineligible: (d) => ({
      audience: 'customer',
      subject: line`Produktet ditt kan ikke få ekspressutskifting`,
      paragraphs: [
        line`Dessverre kan ikke ${d.productName} få ekspressutskifting.`,
        line`Vi har ikke reservert noe beløp på kortet ditt, og ingenting er belastet. Du kan fortsatt få produktet reparert gjennom vår vanlige service, der gebyrer kan påløpe.`,
      ],
      facts: [{ label: nb.labels.reason, value: nb.ineligibleReasons[d.reason] ?? d.reason }],
    }),

    awaiting_stock: (d, f) => ({
      audience: 'customer',
      subject: line`Erstatningsenheten venter på lager`,
      paragraphs: [
        line`Erstatningsenheten (${d.productName}) er ikke på lager akkurat nå. Vi sender den så snart den kommer inn, og gir deg beskjed på e-post når den er på vei.`,
        line`Den midlertidige reservasjonen på ${f.money(d.holdAmount)} blir stående mens du venter; den er ikke en belastning. Hvis du ikke vil vente, kan du avbryte forespørselen, og reservasjonen frigis da i sin helhet.`,
        ...(d.waitEndsAt !== undefined
          ? [
              line`Hvis ingen erstatningsenhet har kommet inn innen ${strong(f.dateTime(d.waitEndsAt))}, avbryter vi forespørselen og frigir reservasjonen i sin helhet.`,
            ]
          : []),
      ],
    }),

    dispatched: (d, f) => ({
      audience: 'customer',
      subject: line`Erstatningsenheten er sendt – returner originalen innen ${f.date(d.returnDeadline)}`,
      paragraphs: [
        line`Erstatningsenheten (${d.productName}) er sendt til deg.`,
        line`Slik returnerer du det opprinnelige produktet: Ta sikkerhetskopi, slett innholdet og ta ut eventuelt SIM-kort og minnekort. Pakk produktet i emballasjen som følger med erstatningsenheten, fest den forhåndsbetalte returetiketten og lever pakken til transportøren.`,
        line`Returner produktet innen ${strong(f.dateTime(d.returnDeadline))}. En retur som transportøren har skannet før fristen, regnes som levert i tide.`,
        line`Hvis vi ikke har mottatt det opprinnelige produktet innen fristen, belastes hele det reserverte beløpet på ${f.money(d.holdAmount)} på kortet ditt.`,
      ],
      facts: [
        { label: nb.labels.product, value: d.productName },
        { label: nb.labels.returnBy, value: f.dateTime(d.returnDeadline) },
        { label: nb.labels.holdAmount, value: f.moneyWithVat(d.holdAmount) },
        d.carrier !== undefined && { label: nb.labels.carrier, value: d.carrier },
        d.trackingNumber !== undefined && { label: nb.labels.trackingNumber, value: d.trackingNumber },
      ],
      actions: [
        { label: 'Skriv ut returetiketten', url: d.returnLabelUrl },
        d.trackingUrl !== undefined && { label: 'Spor erstatningsenheten', url: d.trackingUrl },
      ],
    }),

    return_reminder: (d, f) => ({
      audience: 'customer',
      subject: line`Påminnelse: returner det opprinnelige produktet innen ${f.date(d.returnDeadline)}`,
      paragraphs: [
        line`Vi har ennå ikke mottatt det opprinnelige produktet (${d.productName}). Returner det innen ${strong(f.dateTime(d.returnDeadline))} med den forhåndsbetalte returetiketten.`,
        line`Hvis det ikke er returnert innen fristen, belastes hele det reserverte beløpet på ${f.money(d.holdAmount)} på kortet ditt. Har du allerede levert pakken til transportøren, trenger du ikke gjøre noe.`,
      ],
      facts: [{ label: nb.labels.returnBy, value: f.dateTime(d.returnDeadline) }],
      actions: [d.returnLabelUrl !== undefined && { label: 'Skriv ut returetiketten', url: d.returnLabelUrl }],
    }),

    return_received: (d, f) => ({
      audience: 'customer',
      subject: line`Vi har mottatt det opprinnelige produktet`,
      paragraphs: [
        line`Vi har mottatt det opprinnelige produktet (${d.productName}). Det blir nå undersøkt, og vi sender deg resultatet på e-post sammen med hva som skjer med reservasjonen på kortet ditt.`,
      ],
      facts: [d.receivedAt !== undefined && { label: nb.labels.received, value: f.dateTime(d.receivedAt) }],
    }),

    settled: (d, f) => ({
      audience: 'customer',
      subject:
        d.capturedAmount === 0 ? line`Undersøkelsen er ferdig: reservasjonen er frigitt` : line`Undersøkelsen er ferdig: ${f.money(d.capturedAmount)} belastet`,
      paragraphs: [
        line`Vi har undersøkt det opprinnelige produktet (${d.productName}). Resultat: ${f.outcome(d.outcome)}.`,
        d.beyondRepair === true && line`Enheten kan ikke repareres, og utsalgsprisen for erstatningsenheten gjelder derfor.`,
        d.notes !== undefined && line`Teknikerens merknader: ${d.notes}`,
        d.capturedAmount === 0
          ? line`Den midlertidige reservasjonen på ${f.money(d.holdAmount)} er frigitt i sin helhet. Ingenting er belastet.`
          : d.releasedAmount > 0
            ? line`Vi har belastet kortet ditt med ${strong(f.moneyWithVat(d.capturedAmount))} og frigitt de resterende ${f.money(d.releasedAmount)}.`
            : line`Vi har belastet kortet ditt med ${strong(f.moneyWithVat(d.capturedAmount))}.`,
        d.releasedAmount > 0 && line`Det kan ta noen dager før banken viser det frigitte beløpet som disponibelt.`,
      ],
      facts: [
        { label: nb.labels.result, value: f.outcome(d.outcome) },
        { label: nb.labels.holdAmount, value: f.money(d.holdAmount) },
        { label: nb.labels.charged, value: f.moneyWithVat(d.capturedAmount) },
        { label: nb.labels.released, value: f.money(d.releasedAmount) },
        d.labourMinutes !== undefined && {
          label: nb.labels.labour,
          value: `${d.labourMinutes} minutter, belastet per påbegynte 15 minutter`,
        },
      ],
    }),

    hold_action_needed: (d, f) => ({
      audience: 'customer',
      subject: line`Handling kreves: reservasjonen på kortet ditt kunne ikke fornyes`,
      paragraphs: [
        line`Reservasjoner på kort utløper etter en tid, så vi fornyer den midlertidige reservasjonen på ${f.money(d.holdAmount)} for erstatningsenheten (${d.productName}) til det opprinnelige produktet er undersøkt. Denne gangen ble fornyelsen ikke godkjent av kortet ditt.`,
        line`Dette bør du gjøre: Kontroller at kortet fortsatt er gyldig og har nok disponibel kreditt, eller kontakt banken din. Vil du bruke et annet kort, kontakter du kundeservice og oppgir servicenummeret.`,
        d.returnDeadline !== undefined && line`Husk likevel å returnere det opprinnelige produktet innen ${strong(f.dateTime(d.returnDeadline))}.`,
        line`Hvis feilen er dekket, blir ingenting belastet. Hvis et gebyr eller utsalgsprisen skal betales, belaster vi kortet du brukte for denne forespørselen når saken gjøres opp.`,
      ],
      actions: [d.updatePaymentUrl !== undefined && { label: 'Oppdater kortet ditt', url: d.updatePaymentUrl }],
    }),

    not_returned_charged: (d, f) => ({
      audience: 'customer',
      subject: line`Det opprinnelige produktet er ikke returnert: ${f.money(d.capturedAmount)} belastet`,
      paragraphs: [
        line`Vi har ikke mottatt det opprinnelige produktet (${d.productName}), og returfristen, ${f.dateTime(d.returnDeadline)}, er passert.`,
        line`Som avtalt da du ba om erstatningsenheten, har vi belastet reservasjonen: ${strong(f.moneyWithVat(d.capturedAmount))} er trukket fra kortet ditt.`,
        d.lateReturnUntil !== undefined &&
          (d.lateReturnFee !== undefined
            ? line`Hvis vi mottar det opprinnelige produktet innen ${f.dateTime(d.lateReturnUntil)}, betaler vi tilbake beløpet minus et gebyr for sen retur på ${f.moneyWithVat(d.lateReturnFee)}.`
            : line`Hvis vi mottar det opprinnelige produktet innen ${f.dateTime(d.lateReturnUntil)}, betaler vi tilbake beløpet minus et gebyr for sen retur.`),
      ],
      facts: [
        { label: nb.labels.returnBy, value: f.dateTime(d.returnDeadline) },
        { label: nb.labels.charged, value: f.moneyWithVat(d.capturedAmount) },
      ],
    }),

    late_return_refund: (d, f) => ({
      audience: 'customer',
      subject: line`Sen retur mottatt: ${f.money(d.refundAmount)} tilbakebetalt`,
      paragraphs: [
        line`Vi har mottatt det opprinnelige produktet (${d.productName}) etter returfristen. Vi har betalt tilbake ${strong(f.money(d.refundAmount))} til kortet ditt: de ${f.money(d.capturedAmount)} som ble belastet, minus gebyret for sen retur på ${f.moneyWithVat(d.lateReturnFee)}.`,
        line`Det kan ta noen dager før tilbakebetalingen vises på kontoutskriften.`,
      ],
      facts: [
        { label: nb.labels.charged, value: f.money(d.capturedAmount) },
        { label: nb.labels.lateReturnFee, value: f.moneyWithVat(d.lateReturnFee) },
        { label: nb.labels.refunded, value: f.money(d.refundAmount) },
      ],
    }),

    goodwill_refund: (d, f) => ({
      audience: 'customer',
      subject: line`${f.money(d.refundAmount)} tilbakebetalt til kortet ditt`,
      paragraphs: [
        line`Vi har betalt tilbake ${strong(f.money(d.refundAmount))} til kortet ditt for erstatningen av ${d.productName}.`,
        line`Begrunnelse: ${d.reason}`,
        line`Det kan ta noen dager før tilbakebetalingen vises på kontoutskriften.`,
      ],
      facts: [
        { label: nb.labels.refunded, value: f.money(d.refundAmount) },
        { label: nb.labels.reason, value: d.reason },
      ],
    }),

    collection_charged: (d, f) => ({
      audience: 'customer',
      subject: line`${f.money(d.chargedAmount)} belastet kortet ditt`,
      paragraphs: [
        line`Vårt forrige forsøk på å belaste kortet ditt for erstatningen av ${d.productName} ble avvist. Vi har prøvd igjen, og ${strong(f.money(d.chargedAmount))} er nå belastet kortet ditt.`,
        line`Du skylder ikke noe mer for denne erstatningen.`,
      ],
      facts: [{ label: nb.labels.charged, value: f.money(d.chargedAmount) }],
    }),

    cancelled: (d, f) => ({
      audience: 'customer',
      subject: line`Forespørselen din om ekspressutskifting er avbrutt`,
      paragraphs: [
        line`Forespørselen din om ekspressutskifting av ${d.productName} er avbrutt, og ingenting er sendt.`,
        d.holdAmount !== undefined
          ? line`Den midlertidige reservasjonen på ${f.money(d.holdAmount)} er frigitt i sin helhet. Ingenting er belastet. Det kan ta noen dager før banken viser beløpet som disponibelt.`
          : line`Ingenting er belastet.`,
      ],
    }),

    sla_breach: (d, f) => ({
      audience: 'staff',
      subject: line`Forsendelsesfrist (SLA) brutt: ikke sendt innen ${f.dateTime(d.dueBy)}`,
      paragraphs: [
        line`Erstatningsenheten nedenfor ble ikke sendt innen servicenivået. Send den så snart som mulig; den står fortsatt i forsendelseskøen og er merket med brutt SLA.`,
      ],
      facts: [
        { label: nb.labels.sku, value: d.sku },
        d.productName !== undefined && { label: nb.labels.product, value: d.productName },
        { label: nb.labels.serviceLevel, value: f.serviceLevel(d.serviceLevel) },
        { label: nb.labels.dueBy, value: f.dateTime(d.dueBy) },
      ],
    }),
  },
};
