// A real Mailpit per test file: its own free ports and a throwaway database, read back through
// the HTTP API, and always stopped (also when the test process exits without running afterAll).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MailpitAddress {
  Name: string;
  Address: string;
}

export interface MailpitSummary {
  ID: string;
  /** Without the angle brackets. */
  MessageID: string;
  From: MailpitAddress;
  To: MailpitAddress[];
  Subject: string;
  Created: string;
  Snippet: string;
}

export interface MailpitMessage extends MailpitSummary {
  Text: string;
  HTML: string;
  Date: string;
}

export interface Mailpit {
  readonly smtpPort: number;
  readonly httpPort: number;
  readonly apiUrl: string;
  /** Holds the throwaway database; removed by stop(). */
  readonly dataDir: string;
  messages(): Promise<MailpitSummary[]>;
  message(id: string): Promise<MailpitMessage>;
  headers(id: string): Promise<Record<string, string[]>>;
  /** Resolves once at least `count` messages are stored; rejects after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs?: number): Promise<MailpitSummary[]>;
  deleteAll(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartMailpitOptions {
  /** Extra command-line flags, e.g. `['--smtp-allowed-recipients', '@example\\.no$']`. */
  args?: string[];
  readyTimeoutMs?: number;
}

/** The provisioned binary; provision.js honours MAILPIT_PATH as an override. */
async function mailpitBinary(): Promise<string> {
  // provision.js is plain CommonJS run by node before dependencies exist.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ensureMailpit } = require('../../scripts/provision.js') as {
    ensureMailpit(): Promise<string | null>;
  };
  const binary = await ensureMailpit();
  if (!binary) {
    throw new Error('Mailpit is not available: run `npm run provision` (needs Go) or set MAILPIT_PATH to a mailpit binary');
  }
  return binary;
}

/** A port that was free a moment ago; start() retries if another process takes it first. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The binary itself cannot be run: retrying on other ports will not help. */
class SpawnError extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startMailpit(options: StartMailpitOptions = {}): Promise<Mailpit> {
  const binary = await mailpitBinary();
  let lastError: unknown;
  // Port races with parallel test files are rare but real; a fresh pair fixes them.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(binary, options);
    } catch (err) {
      if (err instanceof SpawnError) throw err;
      lastError = err;
    }
  }
  throw lastError;
}

async function startOnce(binary: string, options: StartMailpitOptions): Promise<Mailpit> {
  const smtpPort = await freePort();
  let httpPort = await freePort();
  while (httpPort === smtpPort) httpPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'mailpit-'));
  const child = spawn(
    binary,
    [
      '--smtp',
      `127.0.0.1:${smtpPort}`,
      '--listen',
      `127.0.0.1:${httpPort}`,
      '--database',
      join(dataDir, 'mailpit.db'),
      '--disable-version-check',
      '--smtp-disable-rdns',
      '--quiet',
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));

  // Jest may tear a worker down without afterAll; never leave a Mailpit behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', killOnExit);
    // A child that never spawned has no exit event to wait for.
    if (child.pid !== undefined && !spawnError && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const apiUrl = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  try {
    for (;;) {
      if (spawnError) throw new SpawnError(`cannot run mailpit at ${binary}: ${spawnError.message}`);
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`mailpit exited before it was ready:\n${output}`);
      }
      const httpReady = await fetch(`${apiUrl}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (httpReady && (await canConnect(smtpPort))) break;
      if (Date.now() > deadline) throw new Error(`mailpit not ready after ${options.readyTimeoutMs ?? 15_000} ms:\n${output}`);
      await sleep(50);
    }
  } catch (err) {
    await stop();
    throw err;
  }

  async function api<T>(path: string, init?: RequestInit): Promise<T> {
    const res = await fetch(`${apiUrl}${path}`, init);
    if (!res.ok) throw new Error(`mailpit ${init?.method ?? 'GET'} ${path}: HTTP ${res.status} ${await res.text()}`);
    // DELETE answers with a plain "ok".
    return (res.headers.get('content-type')?.includes('json') ? await res.json() : undefined) as T;
  }

  const messages = async () => (await api<{ messages: MailpitSummary[] }>('/api/v1/messages?limit=1000')).messages;

  return {
    smtpPort,
    httpPort,
    apiUrl,
    dataDir,
    messages,
    message: (id) => api<MailpitMessage>(`/api/v1/message/${encodeURIComponent(id)}`),
    headers: (id) => api<Record<string, string[]>>(`/api/v1/message/${encodeURIComponent(id)}/headers`),
    async waitForMessages(count, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const list = await messages();
        if (list.length >= count) return list;
        if (Date.now() > until) throw new Error(`expected ${count} message(s) in mailpit, found ${list.length}`);
        await sleep(50);
      }
    },
    deleteAll: () => api<void>('/api/v1/messages', { method: 'DELETE' }),
    stop,
  };
}
