// The SMTP sender against a real Mailpit.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmailRequest } from '../../src/ports/mailer';
import {
  createSmtpEmailSender,
  EmailTemplateDataError,
  messageIdFor,
  PermanentEmailError,
  type SentEmailStore,
  type SmtpEmailSender,
  type SmtpTransportOptions,
} from '../../src/adapters/email/smtp-sender';
import { FileSentEmailStore, InMemorySentEmailStore } from '../../src/sandboxes/sent-emails';
import { renderEmail } from '../../src/adapters/email/templates';
import { freePort, startMailpit, type Mailpit } from '../helpers/mailpit';
import { FIXTURES, SERVICE_NUMBER } from './email-fixtures';

const DOMAIN = 'mail.example.no';
const FROM = 'Ekspressutskifting <service@example.no>';

let mailpit: Mailpit;
const senders: SmtpEmailSender[] = [];
const tmpDirs: string[] = [];

function sender(store: SentEmailStore, port = mailpit.smtpPort, timeouts: Partial<SmtpTransportOptions> = {}): SmtpEmailSender {
  const s = createSmtpEmailSender({
    transport: { host: '127.0.0.1', port, connectionTimeoutMs: 2000, greetingTimeoutMs: 2000, socketTimeoutMs: 5000, ...timeouts },
    from: FROM,
    sentStore: store,
    messageIdDomain: DOMAIN,
  });
  senders.push(s);
  return s;
}

function request(key: string, over: Partial<EmailRequest> = {}): EmailRequest {
  return {
    template: 'dispatched',
    to: 'kari.nordmann@example.no',
    locale: 'nb',
    data: FIXTURES.dispatched,
    idempotencyKey: key,
    ...over,
  };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sent-emails-'));
  tmpDirs.push(dir);
  return dir;
}

/** Sends an unrelated message and waits for it, so anything sent before it has arrived too. */
async function flush(s: SmtpEmailSender, expectedTotal: number) {
  await s.send(request(`marker:${Math.random()}`, { template: 'cancelled', data: FIXTURES.cancelled }));
  return mailpit.waitForMessages(expectedTotal);
}

beforeAll(async () => {
  // Recipients outside example.no/.com are refused with 550, like a mailbox that does not exist.
  mailpit = await startMailpit({ args: ['--smtp-allowed-recipients', '@example\\.(no|com)$'] });
});

afterAll(async () => {
  for (const s of senders) s.close();
  await mailpit?.stop();
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

beforeEach(async () => {
  await mailpit.deleteAll();
});

describe('SMTP email sender', () => {
  it('delivers the rendered email with both parts and a Message-ID derived from the key', async () => {
    const key = 'replacement:ER-2026-004711:dispatched';
    const result = await sender(new InMemorySentEmailStore()).send(request(key));

    expect(result).toEqual({ messageId: messageIdFor(key, DOMAIN), duplicate: false });
    expect(result.messageId).toMatch(/^<[0-9a-f]{32}@mail\.example\.no>$/);

    const [summary] = await mailpit.waitForMessages(1);
    const message = await mailpit.message(summary!.ID);
    const expected = renderEmail('dispatched', 'nb', FIXTURES.dispatched);
    expect(message.Subject).toBe(expected.subject);
    expect(message.Subject).toContain(SERVICE_NUMBER);
    expect(message.MessageID).toBe(result.messageId.slice(1, -1));
    expect(message.To).toEqual([{ Name: '', Address: 'kari.nordmann@example.no' }]);
    expect(message.From).toEqual({ Name: 'Ekspressutskifting', Address: 'service@example.no' });
    expect(message.Text).toContain('1 234,00 kr (inkl. mva. 246,80 kr)');
    expect(message.Text).toContain('mandag 7. desember 2026 kl. 23:59');
    expect(message.HTML).toContain('<strong>mandag 7. desember 2026 kl. 23:59 (norsk tid)</strong>');
    expect(message.HTML).toContain('href="https://labels.example.no/return/ER-2026-004711.pdf"');

    const headers = await mailpit.headers(summary!.ID);
    expect(headers['Content-Language']).toEqual(['nb']);
    expect(headers['Auto-Submitted']).toEqual(['auto-generated']);
    expect(headers['Content-Type']?.[0]).toMatch(/multipart\/alternative/);
  });

  it('sends once per idempotency key, however often it is retried', async () => {
    const s = sender(new InMemorySentEmailStore());
    const key = 'replacement:ER-2026-004711:reminder-1';
    const first = await s.send(request(key, { template: 'return_reminder', data: FIXTURES.return_reminder }));
    const second = await s.send(request(key, { template: 'return_reminder', data: FIXTURES.return_reminder }));
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ messageId: first.messageId, duplicate: true });

    const all = await flush(s, 2);
    expect(all.filter((m) => m.MessageID === first.messageId.slice(1, -1))).toHaveLength(1);
    expect(all).toHaveLength(2);
  });

  it('delivers once when retries of one key race each other', async () => {
    const s = sender(new InMemorySentEmailStore());
    const key = 'replacement:ER-2026-004711:hold-placed';
    const results = await Promise.all([1, 2, 3].map(() => s.send(request(key, { template: 'hold_placed', data: FIXTURES.hold_placed }))));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(1);

    const all = await flush(s, 2);
    expect(all.filter((m) => m.MessageID === results[0]!.messageId.slice(1, -1))).toHaveLength(1);
  });

  it('remembers sent keys in a file across a restart of the sender', async () => {
    const path = join(tempDir(), 'state', 'sent-emails.json');
    const key = 'replacement:ER-2026-004711:settled';
    const req = request(key, { template: 'settled', data: FIXTURES.settled });

    const before = sender(new FileSentEmailStore(path));
    const first = await before.send(req);
    before.close();
    expect(first.duplicate).toBe(false);
    expect(JSON.parse(readFileSync(path, 'utf8'))[key]).toMatchObject({ messageId: first.messageId, template: 'settled', state: 'sent' });
    expect(readdirSync(join(path, '..'))).toEqual(['sent-emails.json']); // temp file renamed away

    const after = sender(new FileSentEmailStore(path));
    expect(await after.send(req)).toEqual({ messageId: first.messageId, duplicate: true });

    const all = await flush(after, 2);
    expect(all.filter((m) => m.MessageID === first.messageId.slice(1, -1))).toHaveLength(1);
  });

  it('drops file records older than the retention on the next write', async () => {
    const path = join(tempDir(), 'sent-emails.json');
    let now = Date.parse('2026-11-01T00:00:00Z');
    const store = new FileSentEmailStore(path, { retentionMs: 24 * 3600_000, now: () => now });
    await store.claim('old', { messageId: '<a@x>', template: 'cancelled', to: 'a@example.no', sentAt: new Date(now).toISOString() });
    now += 2 * 24 * 3600_000;
    await store.claim('new', { messageId: '<b@x>', template: 'cancelled', to: 'a@example.no', sentAt: new Date(now).toISOString() });
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')))).toEqual(['new']);
    expect(await new FileSentEmailStore(path).get('old')).toBeUndefined();
  });

  it('throws a retryable error when the SMTP server is down, and sends on the retry', async () => {
    const store = new InMemorySentEmailStore();
    const key = 'replacement:ER-2026-004711:cancelled';
    const down = sender(store, await freePort()); // nothing listens there

    const error = await down.send(request(key, { template: 'cancelled', data: FIXTURES.cancelled })).catch((e: unknown) => e);
    // Socket errors are created by Node core, outside Jest's realm, so no instanceof Error here.
    expect(Object.prototype.toString.call(error)).toBe('[object Error]');
    expect(error).not.toBeInstanceOf(PermanentEmailError);
    expect((error as NodeJS.ErrnoException).code).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
    expect(await store.get(key)).toBeUndefined();

    // The activity's retry, now with the server up, must still send.
    const retried = await sender(store).send(request(key, { template: 'cancelled', data: FIXTURES.cancelled }));
    expect(retried.duplicate).toBe(false);
    await mailpit.waitForMessages(1);
  });

  it('throws a retryable timeout when the server accepts the connection but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const store = new InMemorySentEmailStore();
      const error = await sender(store, port, { greetingTimeoutMs: 300 })
        .send(request('replacement:ER-2026-004711:hung', { template: 'cancelled', data: FIXTURES.cancelled }))
        .catch((e: unknown) => e);
      expect(error).not.toBeInstanceOf(PermanentEmailError);
      expect(error).toMatchObject({ code: 'ETIMEDOUT' });
      expect(await store.get('replacement:ER-2026-004711:hung')).toBeUndefined();
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('derives the Message-ID domain from the From address when none is given', async () => {
    const s = createSmtpEmailSender({
      transport: { host: '127.0.0.1', port: mailpit.smtpPort },
      from: 'Service <noreply@notify.example.no>',
      sentStore: new InMemorySentEmailStore(),
    });
    senders.push(s);
    const sent = await s.send(request('replacement:ER-2026-004711:from-domain'));
    expect(sent.messageId).toBe(messageIdFor('replacement:ER-2026-004711:from-domain', 'notify.example.no'));
    const [summary] = await mailpit.waitForMessages(1);
    expect(summary!.MessageID).toBe(sent.messageId.slice(1, -1));
  });

  it('marks a 5xx recipient rejection as permanent and records nothing', async () => {
    const store = new InMemorySentEmailStore();
    const key = 'replacement:ER-2026-004712:hold-placed';
    const error = await sender(store)
      .send(request(key, { to: 'nobody@unknown-domain.test', template: 'hold_placed', data: FIXTURES.hold_placed }))
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermanentEmailError);
    expect(error).toMatchObject({ name: 'EmailPermanent', reason: 'recipient_rejected', details: { responseCode: 550, command: 'RCPT TO' } });
    expect(await store.get(key)).toBeUndefined();
    expect(await mailpit.messages()).toHaveLength(0);
  });

  it('fails permanently, before connecting, on bad data or a bad address', async () => {
    const s = sender(new InMemorySentEmailStore());
    const noDeadline: Record<string, unknown> = { ...FIXTURES.dispatched };
    delete noDeadline.returnDeadline;
    await expect(s.send(request('k1', { data: noDeadline }))).rejects.toThrow(EmailTemplateDataError);
    await expect(s.send(request('k1', { data: noDeadline }))).rejects.toThrow(/data\.returnDeadline is required/);
    await expect(s.send(request('k2', { to: 'kari@example.no\r\nBcc: victim@example.com' }))).rejects.toMatchObject({
      reason: 'invalid_address',
    });
    await expect(s.send(request(''))).rejects.toThrow(/idempotencyKey is required/);
    expect(await mailpit.messages()).toHaveLength(0);
  });

  it('cleans up its Mailpit data directory on stop', async () => {
    const extra = await startMailpit();
    const res = await fetch(`${extra.apiUrl}/api/v1/messages`);
    expect(res.ok).toBe(true);
    await extra.stop();
    await expect(fetch(`${extra.apiUrl}/api/v1/messages`)).rejects.toThrow();
    expect(existsSync(extra.dataDir)).toBe(false);
  });
});
