// The email sender across crashes and ambiguous answers: a real Mailpit, a real PostgreSQL sent
// store, and worker processes killed (SIGKILL) at the two points of a delivery that matter.
import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import path from 'node:path';
import { MailpitDeliveryLookup } from '../../src/adapters/email/delivery-lookup';
import { PgSentEmailStore } from '../../src/adapters/postgres/sent-emails';
import {
  createSmtpEmailSender,
  EmailDeliveryInProgressError,
  messageIdFor,
  PermanentEmailError,
  type DeliveryCheckpoint,
  type SentEmailStore,
  type SmtpEmailSender,
} from '../../src/adapters/email/smtp-sender';
import { InMemorySentEmailStore } from '../../src/sandboxes/sent-emails';
import type { EmailRequest } from '../../src/ports/mailer';
import { migratedDatabase, type MigratedDatabase } from '../db/fixtures';
import { startMailpit, type Mailpit } from '../helpers/mailpit';
import { FIXTURES } from './email-fixtures';

const DOMAIN = 'mail.example.no';
const STALE_MS = 60_000;

let mailpit: Mailpit;
let db: MigratedDatabase;
const senders: SmtpEmailSender[] = [];

beforeAll(async () => {
  [mailpit, db] = await Promise.all([startMailpit(), migratedDatabase(8)]);
});

afterAll(async () => {
  for (const s of senders) s.close();
  await Promise.all([mailpit?.stop(), db?.close()]);
});

beforeEach(() => mailpit.deleteAll());

interface Clock {
  offsetMs: number;
}

function sender(
  store: SentEmailStore,
  opts: { port?: number; clock?: Clock; unconfirmed?: string[]; socketTimeoutMs?: number; lookup?: boolean } = {},
): SmtpEmailSender {
  const s = createSmtpEmailSender({
    transport: { host: '127.0.0.1', port: opts.port ?? mailpit.smtpPort, socketTimeoutMs: opts.socketTimeoutMs ?? 5000 },
    from: 'Ekspressutskifting <service@example.no>',
    sentStore: store,
    messageIdDomain: DOMAIN,
    claimStaleAfterMs: STALE_MS,
    now: () => new Date(Date.now() + (opts.clock?.offsetMs ?? 0)),
    onUnconfirmed: (key) => opts.unconfirmed?.push(key),
    deliveryLookup: opts.lookup ? new MailpitDeliveryLookup(mailpit.apiUrl) : undefined,
  });
  senders.push(s);
  return s;
}

function request(key: string): EmailRequest {
  return { template: 'dispatched', to: 'kari.nordmann@example.no', locale: 'nb', data: FIXTURES.dispatched, idempotencyKey: key };
}

/** Runs a worker process that sends `key` and kills itself at `dieAt`; resolves with how it ended. */
function deliverAndDie(key: string, dieAt: DeliveryCheckpoint): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const script = path.join(__dirname, 'fixtures', 'deliver-and-die.ts');
  const args = { smtpPort: mailpit.smtpPort, databaseUrl: db.server.url, idempotencyKey: key, dieAt };
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(args)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), 45_000);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stderr });
    }),
  );
}

/** Copies of `key`'s email in Mailpit, after an unrelated message has arrived behind it. */
async function copiesOf(key: string): Promise<number> {
  const marker = `marker:${key}:${Math.random()}`;
  await sender(new InMemorySentEmailStore()).send(request(marker));
  const markerId = messageIdFor(marker, DOMAIN).slice(1, -1);
  for (let i = 0; i < 100; i++) {
    const all = await mailpit.messages();
    if (all.some((m) => m.MessageID === markerId)) return all.filter((m) => m.MessageID === messageIdFor(key, DOMAIN).slice(1, -1)).length;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the marker message never arrived');
}

describe('email delivery across a worker crash', () => {
  it('a worker killed after the server accepted the message: the retry finds the claim and sends no second copy', async () => {
    const key = 'replacement:RMA-CRASH-1:email:dispatched';
    const died = await deliverAndDie(key, 'accepted');
    expect(died).toMatchObject({ signal: 'SIGKILL' });
    expect(await copiesOf(key)).toBe(1);

    const store = new PgSentEmailStore(db.pool);
    expect(await store.get(key)).toMatchObject({ state: 'sending', messageId: messageIdFor(key, DOMAIN) });

    // The activity's retry on another worker: while the claim may still belong to a live attempt it
    // waits (retryable); once it cannot, it counts the email as sent — unconfirmed — and moves on.
    const clock = { offsetMs: 0 };
    const unconfirmed: string[] = [];
    const retry = sender(store, { clock, unconfirmed });
    await expect(retry.send(request(key))).rejects.toBeInstanceOf(EmailDeliveryInProgressError);
    clock.offsetMs = STALE_MS + 1000;
    expect(await retry.send(request(key))).toEqual({ messageId: messageIdFor(key, DOMAIN), duplicate: true, unconfirmed: true });
    expect(unconfirmed).toEqual([key]);
    expect(await copiesOf(key)).toBe(1);
    expect((await store.unconfirmed(Date.now() + 1000)).map((r) => r.idempotencyKey)).toContain(key);
  });

  it('a worker killed after the claim but before the final ".": the server discards the partial message, nothing is sent twice', async () => {
    const key = 'replacement:RMA-CRASH-2:email:dispatched';
    const died = await deliverAndDie(key, 'claimed');
    expect(died).toMatchObject({ signal: 'SIGKILL' });
    expect(await copiesOf(key)).toBe(0);

    // The one window left: the email is lost, not duplicated, and the claim says it was never confirmed.
    const clock = { offsetMs: STALE_MS + 1000 };
    const unconfirmed: string[] = [];
    const store = new PgSentEmailStore(db.pool);
    expect(await sender(store, { clock, unconfirmed }).send(request(key))).toMatchObject({ duplicate: true, unconfirmed: true });
    expect(unconfirmed).toEqual([key]);
    expect(await copiesOf(key)).toBe(0);
  });

  it('with the mail server asked: a claim whose message arrived is confirmed at once, without waiting it out', async () => {
    const key = 'replacement:RMA-LOOKUP-1:email:dispatched';
    expect(await deliverAndDie(key, 'accepted')).toMatchObject({ signal: 'SIGKILL' });
    const store = new PgSentEmailStore(db.pool);
    const unconfirmed: string[] = [];
    // The claim is fresh (no clock offset): only the lookup can tell the attempt is done.
    expect(await sender(store, { lookup: true, unconfirmed }).send(request(key))).toEqual({ messageId: messageIdFor(key, DOMAIN), duplicate: true });
    expect(await store.get(key)).toMatchObject({ state: 'sent' });
    expect(unconfirmed).toEqual([]);
    expect(await copiesOf(key)).toBe(1);
  });

  it('with the mail server asked: a claim whose message never arrived is sent once its attempt is gone', async () => {
    const key = 'replacement:RMA-LOOKUP-2:email:dispatched';
    expect(await deliverAndDie(key, 'claimed')).toMatchObject({ signal: 'SIGKILL' });
    const store = new PgSentEmailStore(db.pool);
    const clock = { offsetMs: 0 };
    const retry = sender(store, { lookup: true, clock });
    // While the attempt could still be alive, the retry waits rather than race it.
    await expect(retry.send(request(key))).rejects.toBeInstanceOf(EmailDeliveryInProgressError);
    clock.offsetMs = STALE_MS + 1000;
    expect(await retry.send(request(key))).toEqual({ messageId: messageIdFor(key, DOMAIN), duplicate: false });
    expect(await store.get(key)).toMatchObject({ state: 'sent' });
    expect(await copiesOf(key)).toBe(1);
  });

  it('a worker that finishes normally leaves a confirmed record, and a retry is a plain duplicate', async () => {
    const key = 'replacement:RMA-CRASH-3:email:dispatched';
    const store = new PgSentEmailStore(db.pool);
    expect(await sender(store).send(request(key))).toEqual({ messageId: messageIdFor(key, DOMAIN), duplicate: false });
    expect(await store.get(key)).toMatchObject({ state: 'sent' });
    expect(await sender(store).send(request(key))).toEqual({ messageId: messageIdFor(key, DOMAIN), duplicate: true });
    expect(await copiesOf(key)).toBe(1);
  });

  it('two worker processes delivering the same keys at the same moment: one copy of each', async () => {
    const keys = Array.from({ length: 8 }, (_, i) => `replacement:RMA-RACE-${i}:email:dispatched`);
    // Separate senders and stores: nothing shared but the database, like two worker processes.
    const a = sender(new PgSentEmailStore(db.pool));
    const b = sender(new PgSentEmailStore(db.pool));
    const results = await Promise.all(
      keys.flatMap((k) =>
        [a.send(request(k)), b.send(request(k))].map((p) =>
          p.then(
            (r) => r,
            (e: unknown) => e,
          ),
        ),
      ),
    );
    for (let i = 0; i < keys.length; i++) {
      const pair = results.slice(2 * i, 2 * i + 2);
      expect(pair.filter((r) => (r as { duplicate?: boolean }).duplicate === false)).toHaveLength(1);
      // The other attempt answers duplicate, or asks to be retried while the winner commits.
      for (const r of pair) if (r instanceof Error) expect(r).toBeInstanceOf(EmailDeliveryInProgressError);
    }
    for (const k of keys) expect(await copiesOf(k)).toBe(1);
  });
});

/** A scripted SMTP server: answers the end of each message with the next reply from `finalReplies` (null = never answer). */
async function scriptedSmtp(finalReplies: Array<string | null>) {
  const sockets: Socket[] = [];
  let messages = 0;
  const server = createServer((socket) => {
    sockets.push(socket);
    let inData = false;
    let buffer = '';
    socket.write('220 scripted ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          buffer = buffer.slice(end + 5);
          inData = false;
          const reply = messages < finalReplies.length ? finalReplies[messages] : '250 2.0.0 queued';
          messages++;
          if (reply !== null) socket.write(`${reply}\r\n`);
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol).toUpperCase();
        buffer = buffer.slice(eol + 2);
        if (line.startsWith('EHLO') || line.startsWith('HELO')) socket.write('250 scripted\r\n');
        else if (line.startsWith('DATA')) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (line.startsWith('QUIT')) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    get messages() {
      return messages;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('email delivery when the answer to the final "." is not 250', () => {
  it('a refusal (4xx) drops the claim, so the retry sends the message', async () => {
    const smtp = await scriptedSmtp(['451 4.3.0 try again later', '250 2.0.0 queued']);
    try {
      const store = new InMemorySentEmailStore();
      const key = 'replacement:RMA-REFUSED:email:dispatched';
      const s = sender(store, { port: smtp.port });
      const error = await s.send(request(key)).catch((e: unknown) => e);
      expect(error).not.toBeInstanceOf(PermanentEmailError);
      expect(error).toMatchObject({ responseCode: 451 });
      expect(await store.get(key)).toBeUndefined();
      expect(await s.send(request(key))).toMatchObject({ duplicate: false });
      expect(smtp.messages).toBe(2);
      expect(await store.get(key)).toMatchObject({ state: 'sent' });
    } finally {
      await smtp.close();
    }
  });

  it('a 5xx refusal is permanent and leaves nothing recorded', async () => {
    const smtp = await scriptedSmtp(['554 5.6.0 message content rejected']);
    try {
      const store = new InMemorySentEmailStore();
      const key = 'replacement:RMA-REJECTED:email:dispatched';
      const error = await sender(store, { port: smtp.port })
        .send(request(key))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermanentEmailError);
      expect(error).toMatchObject({ reason: 'message_rejected' });
      expect(await store.get(key)).toBeUndefined();
    } finally {
      await smtp.close();
    }
  });

  it('no answer at all keeps the claim: the server may have the message, so the retry does not send it again', async () => {
    const smtp = await scriptedSmtp([null]);
    try {
      const store = new InMemorySentEmailStore();
      const key = 'replacement:RMA-SILENT:email:dispatched';
      const clock = { offsetMs: 0 };
      const s = sender(store, { port: smtp.port, clock, socketTimeoutMs: 500 });
      const error = await s.send(request(key)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ETIMEDOUT' });
      expect(error).not.toBeInstanceOf(PermanentEmailError);
      expect(await store.get(key)).toMatchObject({ state: 'sending' });
      await expect(s.send(request(key))).rejects.toBeInstanceOf(EmailDeliveryInProgressError);
      clock.offsetMs = STALE_MS + 1000;
      expect(await s.send(request(key))).toMatchObject({ duplicate: true, unconfirmed: true });
      expect(smtp.messages).toBe(1);
    } finally {
      await smtp.close();
    }
  });
});
