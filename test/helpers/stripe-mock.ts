// A real stripe-mock per test file: Stripe's OpenAPI spec validates every request we send, and the
// responses come from fixtures (stateless: the same object whatever happened before). It listens on
// ports the OS picks (`-http-addr 127.0.0.1:0`) and we read the address from its log, so parallel
// test files never race for a port. The process lifecycle (process group, exit hooks, orphan
// reaping) is test/helpers/processes.ts's.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Stripe from 'stripe';

import { httpReady, startProcess } from './processes';

export interface StripeMock {
  readonly host: string;
  readonly port: number;
  readonly protocol: 'http';
  stop(): Promise<void>;
}

export interface StartStripeMockOptions {
  /**
   * Replaces the bundled fixtures (`{ resources: { payment_intent: {...}, ... } }`). Only the
   * resources a test's responses reach are needed; stripe-mock omits keys a fixture omits.
   */
  fixtures?: { resources: Record<string, unknown> };
  readyTimeoutMs?: number;
}

/**
 * Why stripe-mock tests cannot run here, or undefined when they can. The integration project's
 * global setup provisions the binary and passes it on as TEST_STRIPE_MOCK_PATH (unset when it could
 * not be built); STRIPE_MOCK_PATH overrides. Outside that setup, startStripeMock() provisions itself.
 */
export function stripeMockSkipReason(): string | undefined {
  if (process.env.STRIPE_MOCK_PATH || process.env.TEST_STRIPE_MOCK_PATH) return undefined;
  if (process.env.TEST_TEMPORAL_NAMESPACE !== undefined) {
    return 'skipped: stripe-mock could not be provisioned (no Go toolchain) and STRIPE_MOCK_PATH is not set';
  }
  return undefined;
}

async function stripeMockBinary(): Promise<string> {
  const known = process.env.STRIPE_MOCK_PATH || process.env.TEST_STRIPE_MOCK_PATH;
  if (known) return known;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const provision = require('../../scripts/provision.js') as { ensureStripeMock(): Promise<string | null> };
  const binary = await provision.ensureStripeMock();
  if (!binary) throw new Error('stripe-mock is not available: provisioning could not build it; set STRIPE_MOCK_PATH');
  return binary;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startStripeMock(options: StartStripeMockOptions = {}): Promise<StripeMock> {
  const binary = await stripeMockBinary();
  const workDir = mkdtempSync(join(tmpdir(), 'stripe-mock-'));
  // HTTPS starts on its default port (12112) unless told otherwise: give it an OS-picked port too,
  // or a second instance would fail to bind.
  const args = ['-http-addr', '127.0.0.1:0', '-https-addr', '127.0.0.1:0'];
  if (options.fixtures) {
    const file = join(workDir, 'fixtures.json');
    writeFileSync(file, JSON.stringify(options.fixtures));
    args.push('-fixtures', file);
  }

  let proc: Awaited<ReturnType<typeof startProcess>>;
  try {
    proc = await startProcess({ name: 'stripe-mock', cmd: binary, args });
  } catch (err) {
    rmSync(workDir, { recursive: true, force: true });
    throw err;
  }
  const stop = async (): Promise<void> => {
    await proc.stop();
    rmSync(workDir, { recursive: true, force: true });
  };

  const timeoutMs = options.readyTimeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
        throw new Error(`stripe-mock exited before it was ready:\n${proc.output()}`);
      }
      const m = /Listening for HTTP at address: \S*:(\d+)/.exec(proc.output()) ?? /Listening for HTTP on port: (\d+)/.exec(proc.output());
      // It logs the address before serving; any HTTP answer (an unknown path is a 404 that needs no
      // fixture) proves it serves.
      if (m && (await httpReady(`http://127.0.0.1:${m[1]}/v1/readiness-probe`))) {
        return { host: '127.0.0.1', port: Number(m[1]), protocol: 'http', stop };
      }
      if (Date.now() > deadline) throw new Error(`stripe-mock not ready after ${timeoutMs} ms:\n${proc.output()}`);
      await sleep(50);
    }
  } catch (err) {
    await stop();
    throw err;
  }
}

/** One HTTP request the Stripe SDK sent, as it went over the wire. */
export interface WireRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Form body for POST, query string for GET. */
  params: URLSearchParams;
  idempotencyKey: string | undefined;
  port: number;
  status?: number;
}

/**
 * The SDK's own Node HTTP client, wrapped to record every request (headers and form body as sent)
 * and, optionally, to send some requests to another port — stripe-mock serves one fixture per
 * resource, so a scenario that needs a second shape of the same resource needs a second instance.
 */
export function recordingHttpClient(route?: (req: Omit<WireRequest, 'port' | 'status'>) => number | undefined): {
  httpClient: Stripe.HttpClient;
  requests: WireRequest[];
} {
  const inner = Stripe.createNodeHttpClient();
  const requests: WireRequest[] = [];
  const httpClient: Stripe.HttpClient = {
    getClientName: () => inner.getClientName(),
    makeRequest: async (host, port, path, method, headers, requestData, protocol, timeout) => {
      const [pathname, query = ''] = path.split('?');
      const key = Object.entries(headers).find(([k]) => k.toLowerCase() === 'idempotency-key')?.[1];
      const seen = {
        method,
        path: pathname!,
        params: new URLSearchParams(method === 'GET' ? query : requestData),
        idempotencyKey: key === undefined ? undefined : String(key),
      };
      const target = route?.(seen) ?? Number(port);
      const entry: WireRequest = { ...seen, port: target };
      requests.push(entry);
      const res = await inner.makeRequest(host, String(target), path, method, headers, requestData, protocol, timeout);
      entry.status = res.getStatusCode();
      return res;
    },
  };
  return { httpClient, requests };
}
