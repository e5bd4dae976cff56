// EmailSender over SMTP (nodemailer). Idempotent per EmailRequest.idempotencyKey:
//  - a sent-email store is consulted first, so a retried or replayed activity does not mail twice;
//  - the Message-ID is derived from the key, so in the one window the store cannot cover (the
//    server accepted the message but the process died before recording it) the resend carries
//    the same Message-ID and receiving systems that deduplicate on it show one message.
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { PermanentEmailError } from './errors';
import type { EmailRequest, EmailSender, SentEmail } from './mailer';
import type { SentEmailStore } from './sent-store';
import { renderEmail } from './templates';

export { PermanentEmailError, EmailTemplateDataError } from './errors';
export { FileSentEmailStore, InMemorySentEmailStore } from './sent-store';
export type { SentEmailRecord, SentEmailStore } from './sent-store';

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
}

export interface SmtpEmailSender extends EmailSender {
  /** Connects and says EHLO (and authenticates); for readiness checks. */
  verify(): Promise<void>;
  close(): void;
}

/** `<first 32 hex of sha256(key)>@domain`, stable across processes and retries. */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  const digest = createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 32);
  return `<${digest}@${domain}>`;
}

// Deliberately narrow: one mailbox, no display name, no whitespace or header-significant characters.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/u;
const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

export function createSmtpEmailSender(options: SmtpEmailSenderOptions): SmtpEmailSender {
  const { transport: t, from, sentStore, replyTo, brandName } = options;
  const messageIdDomain = options.messageIdDomain ?? /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? '';
  if (!DOMAIN.test(messageIdDomain)) {
    throw new TypeError(`messageIdDomain must be a host name, got ${JSON.stringify(messageIdDomain)}`);
  }
  const now = options.now ?? (() => new Date());
  const transporter = nodemailer.createTransport({
    host: t.host,
    port: t.port,
    secure: t.secure ?? false,
    auth: t.auth,
    requireTLS: t.requireTLS,
    connectionTimeout: t.connectionTimeoutMs ?? 10_000,
    greetingTimeout: t.greetingTimeoutMs ?? 10_000,
    socketTimeout: t.socketTimeoutMs ?? 30_000,
  } satisfies SMTPTransport.Options);

  // Two concurrent calls with one key (a retry racing a slow first attempt in the same worker)
  // share one delivery instead of both missing the store and both sending.
  const inFlight = new Map<string, Promise<SentEmail>>();

  async function deliver(req: EmailRequest, messageId: string): Promise<SentEmail> {
    const previous = await sentStore.get(req.idempotencyKey);
    if (previous) return { messageId: previous.messageId, duplicate: true };

    if (typeof req.to !== 'string' || !ADDRESS.test(req.to)) {
      throw new PermanentEmailError(`invalid recipient address ${JSON.stringify(req.to)}`, 'invalid_address');
    }
    const rendered = renderEmail(req.template, req.locale, req.data, { brandName });

    try {
      await transporter.sendMail({
        from,
        to: req.to,
        replyTo,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId,
        date: now(),
        headers: {
          'Content-Language': req.locale,
          // Keeps out-of-office replies and auto-responders from answering a notification.
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
          'X-Email-Template': req.template,
        },
      });
    } catch (err) {
      throw classify(err);
    }

    await sentStore.put(req.idempotencyKey, {
      messageId,
      template: req.template,
      to: req.to,
      sentAt: now().toISOString(),
    });
    return { messageId, duplicate: false };
  }

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
      try {
        await transporter.verify();
      } catch (err) {
        throw classify(err);
      }
    },
    close(): void {
      transporter.close();
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
