// EmailSender over SMTP. Idempotent per EmailRequest.idempotencyKey, also across process crashes:
//  - a sent-email store is consulted first, so a retried or replayed activity does not mail twice;
//  - the message is committed in two steps. The envelope and the whole body go to the server, then
//    the key is claimed in the store, and only then is the final "." sent that makes the server
//    accept it. A process that dies after the server accepted is never followed by a second copy:
//    the retry finds the claim. A connection that closes before the "." leaves nothing at the
//    server — SMTP servers discard an unfinished message (RFC 5321 §4.1.1.4).
//  - the Message-ID is derived from the key, so the one email is recognisable in every system.
// A claim whose attempt died is ambiguous: the "." may or may not have left. With a
// DeliveryLookup the server is asked and the email confirmed or sent now; without one it counts as
// sent, unconfirmed, and is reported — never sent twice.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { DeliveryLookup } from './delivery-lookup';
import { PermanentEmailError } from '../../ports/email-errors';
import type { EmailRequest, EmailSender, SentEmail } from '../../ports/mailer';
import type { SentEmailRecord, SentEmailStore } from '../../ports/sent-emails';
import { renderEmail } from './templates';

export { PermanentEmailError, EmailTemplateDataError } from '../../ports/email-errors';
export type { SentEmailClaim, SentEmailRecord, SentEmailStore } from '../../ports/sent-emails';

export interface SmtpTransportOptions {
  host: string;
  port: number;
  /** Implicit TLS (port 465). With false, STARTTLS is still used when the server offers it. */
  secure?: boolean;
  auth?: { user: string; pass: string };
  /** Refuse to send unless STARTTLS succeeds. */
  requireTLS?: boolean;
  /** Timeouts in ms. Kept well below an activity's start-to-close timeout so a hung server fails the attempt, not the whole budget. */
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/** Points in one delivery, for tests that stop a process exactly there. */
export type DeliveryCheckpoint = 'claimed' | 'accepted';

export interface SmtpEmailSenderOptions {
  transport: SmtpTransportOptions;
  /** RFC 5322 From, e.g. `Express Replacement <service@example.no>`. */
  from: string;
  sentStore: SentEmailStore;
  /** Right-hand side of generated Message-IDs, e.g. `mail.example.no`; defaults to the domain of `from`. */
  messageIdDomain?: string;
  replyTo?: string;
  /** Signature name in the emails; defaults per locale. */
  brandName?: string;
  now?: () => Date;
  /**
   * How long a `sending` claim may belong to a live attempt. Younger, a retry waits for it (retryable
   * error); older, the attempt is gone and the email counts as sent, unconfirmed. Default: twice the
   * socket timeout plus a minute, longer than any attempt can take after its claim.
   */
  claimStaleAfterMs?: number;
  /**
   * Settles a claim whose attempt is gone by asking the mail server: delivered → confirmed, not
   * delivered → released and sent now. Without it such a claim counts as sent, unconfirmed.
   */
  deliveryLookup?: DeliveryLookup;
  /** Called at each checkpoint; tests use it to kill the process there. */
  checkpoint?: (point: DeliveryCheckpoint, idempotencyKey: string) => void;
  /** Told when a delivery is counted as sent without the server's confirmation. */
  onUnconfirmed?: (idempotencyKey: string, record: SentEmailRecord) => void;
}

export interface SmtpEmailSender extends EmailSender {
  /** Connects and says EHLO (and authenticates); for readiness checks. */
  verify(): Promise<void>;
  close(): void;
}

/** Another attempt holds the claim for this key and may still be committing it; retry later. */
export class EmailDeliveryInProgressError extends Error {
  constructor(idempotencyKey: string) {
    super(`email ${idempotencyKey} is being committed by another attempt`);
    this.name = 'EmailDeliveryInProgress';
  }
}

/** `<first 32 hex of sha256(key)>@domain`, stable across processes and retries. */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  const digest = createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 32);
  return `<${digest}@${domain}>`;
}

// Deliberately narrow: one mailbox, no display name, no whitespace or header-significant characters.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/u;
const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

interface Session {
  conn: SMTPConnection;
  /** Rejects with the connection's first error, or when it closes. */
  broken: Promise<never>;
  /** The first failure seen on this connection, recorded as it happens. */
  failure: unknown;
}

/**
 * The message body handed to the SMTP connection. The connection pipes it into the socket only
 * after the server answered DATA with 354, so `piped` marks "envelope accepted"; the body is pushed
 * whole, and ending it later is what sends the final ".".
 */
class HeldBody extends Readable {
  private onPiped!: () => void;
  readonly piped = new Promise<void>((resolve) => (this.onPiped = resolve));

  override _read(): void {}

  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    this.onPiped();
    return super.pipe(destination, options);
  }
}

/**
 * One SMTP connection, with its failures as one promise: a dropped socket or a timeout is emitted
 * as an event and may never reach the pending command's callback, so every step races this.
 */
function openSession(t: SmtpTransportOptions, socketTimeoutMs: number): Session {
  const conn = new SMTPConnection({
    host: t.host,
    port: t.port,
    secure: t.secure ?? false,
    requireTLS: t.requireTLS,
    connectionTimeout: t.connectionTimeoutMs ?? 10_000,
    greetingTimeout: t.greetingTimeoutMs ?? 10_000,
    socketTimeout: socketTimeoutMs,
  });
  let fail!: (err: unknown) => void;
  const session: Session = { conn, broken: new Promise<never>((_, reject) => (fail = reject)), failure: undefined };
  session.broken.catch(() => undefined); // raced below; a close after the work is done is no one's error
  const onFailure = (err: unknown) => {
    session.failure ??= err;
    fail(err);
  };
  conn.on('error', onFailure);
  conn.once('end', () => onFailure(Object.assign(new Error('SMTP connection closed unexpectedly'), { code: 'ECONNECTION' })));
  return session;
}

async function connect({ conn, broken }: Session, auth: SmtpTransportOptions['auth']): Promise<void> {
  await Promise.race([new Promise<void>((resolve, reject) => conn.connect((err) => (err ? reject(err) : resolve()))), broken]);
  if (auth) {
    await Promise.race([new Promise<void>((resolve, reject) => conn.login(auth, (err) => (err ? reject(err) : resolve()))), broken]);
  }
}

/** The whole message as bytes, with its envelope, rendered from the template in the customer's language. */
async function composeMessage(
  req: EmailRequest,
  messageId: string,
  o: { from: string; replyTo?: string; brandName?: string; date: Date },
): Promise<{ envelope: ReturnType<ReturnType<MailComposer['compile']>['getEnvelope']>; raw: Buffer }> {
  const rendered = renderEmail(req.template, req.locale, req.data, { brandName: o.brandName });
  const mail = new MailComposer({
    from: o.from,
    to: req.to,
    replyTo: o.replyTo,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId,
    date: o.date,
    headers: {
      'Content-Language': req.locale,
      // Keeps out-of-office replies and auto-responders from answering a notification.
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      'X-Email-Template': req.template,
    },
  }).compile();
  const envelope = mail.getEnvelope();
  const raw = await new Promise<Buffer>((resolve, reject) => mail.build((err, buf) => (err ? reject(err) : resolve(buf))));
  return { envelope, raw };
}

/**
 * Starts the transfer: `outcome` settles with the server's answer to the final "." (or a refusal);
 * once `body.piped` the server has accepted the envelope and the body may be pushed.
 */
function startTransfer(session: Session, envelope: Parameters<SMTPConnection['send']>[0]): { body: HeldBody; outcome: Promise<void> } {
  const { conn } = session;
  const body = new HeldBody();
  // Failures are recorded synchronously: nodemailer pipes the body even when it refuses the
  // envelope, and reports the refusal in the same tick, before `piped` is observed.
  const outcome = Promise.race([
    new Promise<void>((resolve, reject) =>
      conn.send(envelope, body, (err) => {
        if (err) {
          session.failure ??= err;
          reject(err);
        } else resolve();
      }),
    ),
    session.broken,
  ]);
  outcome.catch(() => undefined); // observed by the caller; never an unhandled rejection
  return { body, outcome };
}

interface RecordPolicy {
  sentStore: SentEmailStore;
  deliveryLookup?: SmtpEmailSenderOptions['deliveryLookup'];
  onUnconfirmed?: SmtpEmailSenderOptions['onUnconfirmed'];
  now: () => Date;
  claimStaleAfterMs: number;
}

/**
 * What an earlier or concurrent attempt left in the store, as this attempt's answer; undefined
 * when that attempt's message never reached the server and this one should send it.
 */
async function answerFromRecord(p: RecordPolicy, key: string, record: SentEmailRecord): Promise<SentEmail | undefined> {
  if (record.state === 'sent') return { messageId: record.messageId, duplicate: true };
  const lookup = p.deliveryLookup;
  if (lookup && (await lookup.delivered(record.messageId))) {
    await p.sentStore.confirm(key);
    return { messageId: record.messageId, duplicate: true };
  }
  const age = p.now().getTime() - Date.parse(record.sentAt);
  if (age < p.claimStaleAfterMs) throw new EmailDeliveryInProgressError(key);
  if (lookup) {
    // The attempt is gone and the server never got its message (a connection closed before the
    // "." is discarded): give the claim up and send.
    await p.sentStore.release(key);
    return undefined;
  }
  p.onUnconfirmed?.(key, record);
  return { messageId: record.messageId, duplicate: true, unconfirmed: true };
}

export function createSmtpEmailSender(options: SmtpEmailSenderOptions): SmtpEmailSender {
  const { transport: t, from, sentStore, replyTo, brandName } = options;
  const messageIdDomain = options.messageIdDomain ?? /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? '';
  if (!DOMAIN.test(messageIdDomain)) {
    throw new TypeError(`messageIdDomain must be a host name, got ${JSON.stringify(messageIdDomain)}`);
  }
  const now = options.now ?? (() => new Date());
  const socketTimeoutMs = t.socketTimeoutMs ?? 30_000;
  const claimStaleAfterMs = options.claimStaleAfterMs ?? 2 * socketTimeoutMs + 60_000;
  const checkpoint = options.checkpoint ?? (() => undefined);
  const open = new Set<SMTPConnection>();
  const records: RecordPolicy = { sentStore, deliveryLookup: options.deliveryLookup, onUnconfirmed: options.onUnconfirmed, now, claimStaleAfterMs };

  async function deliver(req: EmailRequest, messageId: string): Promise<SentEmail> {
    const key = req.idempotencyKey;
    const previous = await sentStore.get(key);
    if (previous) {
      const answer = await answerFromRecord(records, key, previous);
      if (answer) return answer;
    }

    if (typeof req.to !== 'string' || !ADDRESS.test(req.to)) {
      throw new PermanentEmailError(`invalid recipient address ${JSON.stringify(req.to)}`, 'invalid_address');
    }
    const { envelope, raw } = await composeMessage(req, messageId, { from, replyTo, brandName, date: now() });

    const session = openSession(t, socketTimeoutMs);
    const { conn } = session;
    open.add(conn);
    try {
      await connect(session, t.auth).catch((err: unknown) => {
        throw classify(err);
      });
      const { body, outcome } = startTransfer(session, envelope);
      // Settles when the server has answered DATA with 354 and the body is being piped, or on a refusal.
      await Promise.race([body.piped, outcome]).catch(() => undefined);
      if (session.failure !== undefined) throw classify(session.failure);
      body.push(raw);

      if (!(await sentStore.claim(key, { messageId, template: req.template, to: req.to, sentAt: now().toISOString() }))) {
        // Another attempt claimed the key while this one was transferring: leave without the "."
        // (closing the connection discards this copy) and answer with what that attempt recorded.
        conn.close();
        const record = await sentStore.get(key);
        const answer = record && (await answerFromRecord(records, key, record));
        if (answer) return answer;
        throw new EmailDeliveryInProgressError(key);
      }
      if (session.failure !== undefined) {
        // The connection failed during the claim, before the ".": the server has nothing.
        await sentStore.release(key);
        throw classify(session.failure);
      }
      checkpoint('claimed', key);
      body.push(null);
      try {
        await outcome;
      } catch (err) {
        const answered = typeof (err as SmtpErrorFields).responseCode === 'number';
        // A reply to the "." other than 2xx is a refusal: nothing was accepted, a retry may send.
        // No reply at all (timeout, dropped connection) may mean either; keep the claim, so the
        // retry counts it as sent rather than risk a second copy.
        if (answered) await sentStore.release(key);
        throw classify(err);
      }
      checkpoint('accepted', key);
      await sentStore.confirm(key);
      return { messageId, duplicate: false };
    } finally {
      open.delete(conn);
      conn.close();
    }
  }

  // Two concurrent calls with one key (a retry racing a slow first attempt in the same worker)
  // share one delivery instead of both missing the store.
  const inFlight = new Map<string, Promise<SentEmail>>();

  return {
    send(req: EmailRequest): Promise<SentEmail> {
      if (typeof req.idempotencyKey !== 'string' || req.idempotencyKey.trim() === '') {
        return Promise.reject(new PermanentEmailError('idempotencyKey is required', 'invalid_data'));
      }
      const key = req.idempotencyKey;
      const running = inFlight.get(key);
      if (running) return running.then((r) => ({ ...r, duplicate: true }));
      const attempt = deliver(req, messageIdFor(key, messageIdDomain)).finally(() => inFlight.delete(key));
      inFlight.set(key, attempt);
      return attempt;
    },
    async verify(): Promise<void> {
      const session = openSession(t, socketTimeoutMs);
      try {
        await connect(session, t.auth);
      } catch (err) {
        throw classify(err);
      } finally {
        session.conn.close();
      }
    },
    close(): void {
      for (const conn of open) conn.close();
      open.clear();
    },
  };
}

interface SmtpErrorFields {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
}

/**
 * 5xx to the envelope or the message is final: the same message to the same address will be
 * refused again. Everything else — connection failures, timeouts, 4xx, and 5xx to AUTH (a
 * credentials problem an operator can fix) — is rethrown as is, for Temporal to retry.
 */
function classify(err: unknown): unknown {
  // Not `instanceof Error`: socket errors may come from another realm (Node core vs. a sandbox).
  if (typeof err !== 'object' || err === null) return err;
  const e = err as Error & SmtpErrorFields;
  const details = { responseCode: e.responseCode, command: e.command, response: e.response };
  const permanent5xx = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
  if (permanent5xx && e.command === 'RCPT TO') {
    return new PermanentEmailError(`recipient rejected: ${e.message}`, 'recipient_rejected', details, { cause: err });
  }
  if (permanent5xx && (e.command === 'MAIL FROM' || e.command === 'DATA')) {
    return new PermanentEmailError(`message rejected: ${e.message}`, 'message_rejected', details, { cause: err });
  }
  if (e.code === 'EENVELOPE' && e.command === 'API') {
    return new PermanentEmailError(e.message, 'invalid_address', details, { cause: err });
  }
  return err;
}
