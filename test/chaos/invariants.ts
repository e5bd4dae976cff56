// What must hold after the chaos: read from the records the service itself keeps (the payment
// sandbox's state file; the ledger, sent-email store and stock in its database; Mailpit), never
// from the driver's hopes.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { SANDBOX_STATE_FILE } from '../../src/composition/payment-gateway';
import { SandboxPaymentGateway, type SandboxAuthorization } from '../../src/sandboxes/payment-gateway';
import type { ReplacementView } from '../../workflows/definitions';
import { expectedFor, PRODUCTS, type Tracked } from './driver';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

export class Checks {
  readonly results: CheckResult[] = [];

  /** Records one invariant; `problems` empty means it held. Shows at most a few examples. */
  check(name: string, problems: string[], okDetail = ''): void {
    const ok = problems.length === 0;
    const detail = ok ? okDetail : `${problems.length} violation(s): ${problems.slice(0, 5).join(' | ')}${problems.length > 5 ? ' | …' : ''}`;
    this.results.push({ name, ok, detail });
    process.stdout.write(`  ${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? ` — ${detail}` : ''}\n`);
  }

  get passed(): number {
    return this.results.filter((r) => r.ok).length;
  }

  get failed(): number {
    return this.results.filter((r) => !r.ok).length;
  }
}

const count = <T>(items: T[], key: (t: T) => string): Map<string, number> => {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
};
const sameMultiset = (a: string[], b: string[]) => [...a].sort().join(',') === [...b].sort().join(',');

/** Live (requires_capture) authorizations per replacement in the raw state file; for sampling mid-run. */
export function liveAuthorizationsPerReplacement(dataDir: string): Map<string, number> {
  const file = path.join(dataDir, SANDBOX_STATE_FILE);
  const live = new Map<string, number>();
  let state: { intents?: Record<string, { status: string; captureMethod: string; metadata: Record<string, string> }> };
  try {
    state = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return live; // not written yet, or replaced between stat and read
  }
  for (const i of Object.values(state.intents ?? {})) {
    if (i.captureMethod !== 'manual' || i.status !== 'requires_capture') continue;
    const id = i.metadata.replacement_id ?? '?';
    live.set(id, (live.get(id) ?? 0) + 1);
  }
  return live;
}

export interface MailpitMessage {
  MessageID: string;
  Subject: string;
  To: { Address: string }[];
}

export async function mailpitMessages(baseUrl: string): Promise<MailpitMessage[]> {
  const all: MailpitMessage[] = [];
  for (let start = 0; ; start += 500) {
    const res = await fetch(`${baseUrl}/api/v1/messages?start=${start}&limit=500`);
    if (!res.ok) throw new Error(`Mailpit answered ${res.status}`);
    const body = (await res.json()) as { messages: MailpitMessage[]; messages_count?: number; total?: number };
    all.push(...body.messages);
    if (body.messages.length < 500) return all;
  }
}

interface SentRecord {
  messageId: string;
  template: string;
  to: string;
  /** `sent`, or `sending` when the worker died between committing the message and confirming it. */
  state: string;
}

interface LedgerRow {
  replacementId: string;
  kind: string;
  amount: number;
  providerRef: string | null;
}

export interface DatabaseEvidence {
  ledger: LedgerRow[];
  sent: SentRecord[];
  inventory: { sku: string; onHand: number; reserved: number }[];
  reservations: { id: string; sku: string; state: string }[];
}

/** Reads the ledger, the sent-email store and the stock straight from the service's database. */
export async function readDatabase(url: string): Promise<DatabaseEvidence> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const ledger = await client.query<{ replacement_id: string; kind: string; amount: string; provider_ref: string | null }>(
      'SELECT replacement_id, kind, amount, provider_ref FROM ledger_entries ORDER BY id',
    );
    const sent = await client.query<{ message_id: string; template: string; recipient: string; state: string }>(
      'SELECT message_id, template, recipient, state FROM sent_emails',
    );
    const inventory = await client.query<{ sku: string; on_hand: number; reserved: number }>('SELECT sku, on_hand, reserved FROM inventory');
    const reservations = await client.query<{ reservation_id: string; sku: string; state: string }>(
      'SELECT reservation_id, sku, state FROM stock_reservations',
    );
    return {
      ledger: ledger.rows.map((r) => ({ replacementId: r.replacement_id, kind: r.kind, amount: Number(r.amount), providerRef: r.provider_ref })),
      sent: sent.rows.map((r) => ({ messageId: r.message_id, template: r.template, to: r.recipient, state: r.state })),
      inventory: inventory.rows.map((r) => ({ sku: r.sku, onHand: r.on_hand, reserved: r.reserved })),
      reservations: reservations.rows.map((r) => ({ id: r.reservation_id, sku: r.sku, state: r.state })),
    };
  } finally {
    await client.end();
  }
}

export interface FinalEvidence {
  items: Tracked[];
  views: Map<number, ReplacementView | null>;
  db: DatabaseEvidence;
  /** Copy of the sandbox state file taken after the worker stopped. */
  sandboxSnapshot: string;
  mailpit: MailpitMessage[];
  maxLiveSeen: { count: number; replacementId: string | null; samples: number };
  faultsActive: boolean;
  initialStock: Record<string, number>;
}

export interface PaymentFigures {
  journalEntries: number;
  transient: number;
  replayed: number;
  executions: number;
}

export function checkEverything(checks: Checks, ev: FinalEvidence): PaymentFigures {
  const { items, views } = ev;

  // ---- terminal states and amounts, through the API -------------------------------------
  const stateProblems: string[] = [];
  const amountProblems: string[] = [];
  for (const t of items) {
    const v = views.get(t.index);
    const want = expectedFor(t.scenario, t.sku);
    if (!v) {
      stateProblems.push(`#${t.index} ${t.id ?? '(never created)'}: no view`);
      continue;
    }
    if (v.status !== want.status || v.resolution !== want.resolution) {
      stateProblems.push(`#${t.index} ${v.id} ${t.scenario}: ${v.status}/${v.resolution}, want ${want.status}/${want.resolution}`);
    }
    const badFlags = v.flags.filter((f) => f !== 'sla_breached');
    if (v.capturedAmount !== want.captured || v.refundedAmount !== 0 || v.holdAmount !== PRODUCTS[t.sku].retail || badFlags.length > 0) {
      amountProblems.push(
        `#${t.index} ${v.id} ${t.scenario}: captured ${v.capturedAmount} (want ${want.captured}), refunded ${v.refundedAmount}, hold ${v.holdAmount}, flags ${badFlags.join('+') || '-'}`,
      );
    }
  }
  checks.check('every replacement reached its expected terminal state (API)', stateProblems, `${items.length} of ${items.length}`);
  checks.check('every replacement has the expected captured/refunded/hold amounts and no problem flags (API)', amountProblems);

  // ---- the payment provider's own records ---------------------------------------------------
  const sandbox = new SandboxPaymentGateway({ path: ev.sandboxSnapshot });
  const auths = sandbox.listAuthorizations();
  const byReplacement = new Map<string, SandboxAuthorization[]>();
  for (const a of auths) {
    const id = a.metadata.replacement_id ?? '?';
    byReplacement.set(id, [...(byReplacement.get(id) ?? []), a]);
  }
  const live = sandbox.liveAuthorizations();
  checks.check(
    'at most one live authorization per replacement at any sampled moment',
    ev.maxLiveSeen.count > 1 ? [`${ev.maxLiveSeen.count} live for ${ev.maxLiveSeen.replacementId}`] : [],
    `max ${ev.maxLiveSeen.count} over ${ev.maxLiveSeen.samples} samples of the state file`,
  );
  checks.check(
    'no authorization left live after settlement',
    live.map((a) => `${a.metadata.replacement_id} ${a.id}`),
  );

  const providerProblems: string[] = [];
  for (const t of items) {
    if (!t.id) continue;
    const mine = byReplacement.get(t.id) ?? [];
    const want = expectedFor(t.scenario, t.sku);
    const wantAuths = t.scenario === 'declined' ? 0 : 1;
    if (mine.length !== wantAuths) providerProblems.push(`${t.id} ${t.scenario}: ${mine.length} authorizations, want ${wantAuths}`);
    const received = mine.reduce((s, a) => s + a.amountReceived, 0);
    if (received !== want.captured) providerProblems.push(`${t.id} ${t.scenario}: provider received ${received}, want ${want.captured}`);
  }
  const declines = sandbox.listDeclines();
  const declinesPer = count(declines, (d) => d.intentId);
  const declinedItems = items.filter((t) => t.scenario === 'declined');
  const declinedMeta = new Map<string, number>();
  for (const t of declinedItems) declinedMeta.set(t.id ?? '', sandbox.listDeclines({ metadata: { replacement_id: t.id ?? '' } }).length);
  for (const [id, n] of declinedMeta) if (n !== 1) providerProblems.push(`${id} declined: ${n} declined attempts at the provider, want 1`);
  checks.check(
    'provider: one authorization per replacement (none for declined cards, one declined attempt), amounts received as expected',
    providerProblems,
    `${auths.length} authorizations, ${declinesPer.size} declines`,
  );

  checks.check(
    'provider: no authorization captured twice',
    auths.filter((a) => a.captureCount > 1).map((a) => `${a.id} captured ${a.captureCount}×`),
  );
  checks.check('provider: no off-session charges or refunds (none of these paths charges off-session)', [
    ...sandbox.listCharges().map((c) => `charge ${c.paymentId} ${c.amount}`),
    ...sandbox.listRefunds().map((r) => `refund ${r.refundId} ${r.amount}`),
  ]);

  const journal = sandbox.journal();
  const executed = journal.filter((j) => !j.replayed && j.outcome !== 'transient');
  const perKey = count(
    executed.filter((j) => j.idempotencyKey),
    (j) => j.idempotencyKey!,
  );
  const dupKeys = [...perKey].filter(([, n]) => n > 1).map(([k, n]) => `${k} executed ${n}×`);
  const movements = (method: string) =>
    [
      ...count(
        executed.filter((j) => j.method === method && j.outcome === 'ok' && j.intentId),
        (j) => j.intentId!,
      ),
    ]
      .filter(([, n]) => n > 1)
      .map(([id, n]) => `${method} ${id} ${n}×`);
  checks.check(
    'provider journal: every idempotency key executed once; no duplicated cancel or capture of one authorization',
    [
      ...dupKeys,
      ...movements('cancel'),
      ...movements('capture'),
      ...(journal.length >= 5000 ? ['journal reached its 5000-entry cap: evidence incomplete'] : []),
    ],
    `${journal.length} journal entries, ${executed.length} executions`,
  );
  const transient = journal.filter((j) => j.outcome === 'transient').length;
  const replayed = journal.filter((j) => j.replayed).length;
  checks.check(
    'faults were really injected (transient errors and idempotent replays in the journal)',
    ev.faultsActive && (transient === 0 || replayed === 0) ? [`transient ${transient}, replayed ${replayed}`] : [],
    `transient ${transient}, replayed ${replayed}`,
  );

  // ---- the ledger against the provider --------------------------------------------------
  const ledger = ev.db.ledger;
  const intents = new Map(auths.map((a) => [a.id, a]));
  const ledgerProblems: string[] = [];
  for (const e of ledger) {
    if (e.kind === 'authorization_failed') continue;
    const a = e.providerRef ? intents.get(e.providerRef) : undefined;
    if (!a) {
      ledgerProblems.push(`${e.replacementId} ${e.kind} ${e.amount}: no provider authorization ${e.providerRef ?? '(none)'}`);
      continue;
    }
    if (a.metadata.replacement_id !== e.replacementId)
      ledgerProblems.push(`${e.kind} ${a.id}: ledger says ${e.replacementId}, provider says ${a.metadata.replacement_id}`);
    const want = e.kind === 'authorized' ? a.amount : e.kind === 'captured' ? a.amountReceived : e.kind === 'released' ? a.amount - a.amountReceived : null;
    if (want === null) ledgerProblems.push(`${e.replacementId}: unexpected ledger kind ${e.kind}`);
    else if (e.amount !== want) ledgerProblems.push(`${e.replacementId} ${e.kind} ${a.id}: ledger ${e.amount}, provider ${want}`);
    if (e.kind === 'released' && a.status === 'requires_capture')
      ledgerProblems.push(`${e.replacementId}: ledger released ${a.id} but the provider still holds it`);
  }
  const rows = count(
    ledger.filter((e) => e.providerRef),
    (e) => `${e.kind}:${e.providerRef}`,
  );
  for (const [k, n] of rows) if (n > 1) ledgerProblems.push(`${k} recorded ${n}×`);
  for (const a of auths) {
    const rid = a.metadata.replacement_id;
    const has = (kind: string) => rows.get(`${kind}:${a.id}`) ?? 0;
    if (has('authorized') !== 1) ledgerProblems.push(`${rid} ${a.id}: ${has('authorized')} 'authorized' rows`);
    if (a.amountReceived > 0 && has('captured') !== 1)
      ledgerProblems.push(`${rid} ${a.id}: captured ${a.amountReceived} at the provider, ${has('captured')} 'captured' rows`);
    if (a.status !== 'requires_capture' && a.amount - a.amountReceived > 0 && has('released') !== 1) {
      ledgerProblems.push(`${rid} ${a.id}: ${a.amount - a.amountReceived} released at the provider, ${has('released')} 'released' rows`);
    }
  }
  for (const t of items) {
    if (!t.id) continue;
    const kinds = ledger.filter((e) => e.replacementId === t.id).map((e) => e.kind);
    const want = expectedFor(t.scenario, t.sku).ledger;
    if (!sameMultiset(kinds, want)) ledgerProblems.push(`${t.id} ${t.scenario}: ledger [${kinds.join(',')}], want [${want.join(',')}]`);
  }
  checks.check(
    'ledger matches the provider row for row (authorized/captured/released, amounts equal, no duplicates)',
    ledgerProblems,
    `${ledger.length} ledger rows`,
  );

  // ---- emails ---------------------------------------------------------------------------------
  const mail = ev.mailpit;
  // A worker killed at any moment of a delivery must not produce a second copy: the sender claims
  // the key before committing the message (see src/adapters/email/smtp-sender.ts). Every Message-ID
  // at most once, and one Message-ID per subject and recipient (never composed twice either).
  const retransmitted = [...count(mail, (m) => m.MessageID)].filter(([, n]) => n > 1);
  const idsBySubjectTo = new Map<string, Set<string>>();
  for (const m of mail) {
    const k = `${m.Subject} → ${m.To.map((x) => x.Address).join(',')}`;
    idsBySubjectTo.set(k, (idsBySubjectTo.get(k) ?? new Set()).add(m.MessageID));
  }
  const composedTwice = [...idsBySubjectTo].filter(([, ids]) => ids.size > 1);
  checks.check(
    'no email sent twice (Mailpit: each Message-ID once, one Message-ID per subject+recipient)',
    [...retransmitted.map(([id, n]) => `${id} delivered ${n}×`), ...composedTwice.map(([k, ids]) => `"${k}" under ${ids.size} Message-IDs`)],
    `${mail.length} messages`,
  );
  const sent = ev.db.sent;
  const storeIds = new Set(sent.map((s) => s.messageId.replace(/^<|>$/g, '')));
  const mailIds = new Set(mail.map((m) => m.MessageID));
  const emailProblems: string[] = [];
  for (const [k, n] of count(sent, (s) => s.messageId)) if (n > 1) emailProblems.push(`store: ${k} recorded ${n}×`);
  for (const id of storeIds) if (!mailIds.has(id)) emailProblems.push(`store records ${id}, Mailpit never got it`);
  for (const id of mailIds) if (!storeIds.has(id)) emailProblems.push(`Mailpit got ${id}, the store has no record`);
  for (const t of items) {
    const got = sent.filter((s) => s.to === t.email).map((s) => s.template);
    const want = expectedFor(t.scenario, t.sku).emails;
    if (!sameMultiset(got, want)) emailProblems.push(`${t.id} ${t.scenario}: sent [${got.join(',')}], want [${want.join(',')}]`);
  }
  const unconfirmed = sent.filter((s) => s.state !== 'sent').length;
  checks.check(
    'sent-email store matches Mailpit; each customer got exactly the expected emails once',
    emailProblems,
    `${sent.length} recorded sends, ${unconfirmed} committed by a worker that died before confirming (each delivered once)`,
  );

  // ---- stock ----------------------------------------------------------------------------------
  const stockProblems: string[] = [];
  const reservations = ev.db.reservations;
  for (const r of reservations) if (r.state === 'reserved') stockProblems.push(`${r.id} still holds a reserved unit`);
  for (const [sku, initial] of Object.entries(ev.initialStock)) {
    const row = ev.db.inventory.find((i) => i.sku === sku);
    const shipped = reservations.filter((r) => r.sku === sku && r.state === 'shipped').length;
    const wantShipped = items.filter((t) => t.sku === sku && expectedFor(t.scenario, t.sku).status === 'completed').length;
    if (shipped !== wantShipped) stockProblems.push(`${sku}: ${shipped} shipped, want ${wantShipped}`);
    if ((row?.onHand ?? 0) + shipped !== initial) stockProblems.push(`${sku}: on hand ${row?.onHand} + shipped ${shipped} ≠ ${initial}`);
    if ((row?.reserved ?? 0) !== 0) stockProblems.push(`${sku}: ${row?.reserved} units still counted as reserved`);
  }
  checks.check('stock: one unit shipped per completed replacement, every cancelled reservation given back', stockProblems);

  return { journalEntries: journal.length, transient, replayed, executions: executed.length };
}
