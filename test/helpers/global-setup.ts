/**
 * Jest global setup of the `integration` project: provisions the servers, starts ONE Temporal dev
 * server for the whole run, bundles the workflow code once, and hands all of it to the test workers
 * through process.env (see test/helpers/temporal.ts). global-teardown.ts stops what this starts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureMailpit, ensureStripeMock, ensureTemporalCli, ensureTestServer } from '../../scripts/provision';
import { SEARCH_ATTRIBUTES, devServerSearchAttributeArgs } from '../../workflows/search-attributes';
import { PROCESS_PID_DIR, addCleanup, freePort, reapOrphans, startProcess, type StartedProcess } from './processes';

export interface GlobalServers {
  devServer?: StartedProcess;
  /** Used only when the CLI could not be built and the SDK downloaded one instead. */
  sdkDevServer?: TestWorkflowEnvironment;
  bundleFile?: string;
}

declare global {
  // Shared with global-teardown.ts: both run in the jest parent process.
  var __expressReplacementServers: GlobalServers | undefined;
}

const REPO = path.resolve(__dirname, '..', '..');
const NAMESPACE = 'default';

function log(msg: string): void {
  process.stderr.write(`[test setup] ${msg}\n`);
}

export default async function globalSetup(): Promise<void> {
  const servers: GlobalServers = {};
  globalThis.__expressReplacementServers = servers;
  reapOrphans();
  reapStaleBundles();

  const [temporal, testServer, stripeMock, mailpit] = await Promise.all([ensureTemporalCli(), ensureTestServer(), ensureStripeMock(), ensureMailpit()]);
  setOrUnset('TEST_TIME_SKIPPING_SERVER', testServer);
  // The wrapper records each JVM it starts here (see processes.ts: watchdog, reapOrphans).
  fs.mkdirSync(PROCESS_PID_DIR, { recursive: true });
  process.env.TEMPORAL_TEST_SERVER_PID_DIR = PROCESS_PID_DIR;
  setOrUnset('TEST_STRIPE_MOCK_PATH', stripeMock);
  setOrUnset('TEST_MAILPIT_PATH', mailpit);
  process.env.TEST_TEMPORAL_NAMESPACE = NAMESPACE;

  // Bundling (webpack) and the dev server start are independent; overlap them.
  const bundling = bundleWorkflows(servers);
  try {
    process.env.TEST_TEMPORAL_ADDRESS = temporal ? await startDevServer(temporal, servers) : await startSdkDevServer(servers);
    await bundling;
  } catch (err) {
    // Jest skips the global teardown when the setup throws.
    await bundling.catch(() => undefined);
    await stopServers(servers);
    throw err;
  }
}

/** Stops everything globalSetup started; safe to call twice. */
export async function stopServers(servers: GlobalServers): Promise<void> {
  const { devServer, sdkDevServer, bundleFile } = servers;
  servers.devServer = undefined;
  servers.sdkDevServer = undefined;
  servers.bundleFile = undefined;
  await devServer?.stop();
  await sdkDevServer?.teardown();
  if (bundleFile) fs.rmSync(path.dirname(bundleFile), { recursive: true, force: true });
}

function setOrUnset(name: string, value: string | null): void {
  if (value) process.env[name] = value;
  else delete process.env[name];
}

async function startDevServer(cli: string, servers: GlobalServers): Promise<string> {
  const t0 = Date.now();
  const [port, httpPort, metricsPort] = await distinctFreePorts(3);
  const address = `127.0.0.1:${port}`;
  servers.devServer = await startProcess({
    name: 'temporal dev server',
    cmd: cli,
    args: [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--http-port',
      String(httpPort),
      '--metrics-port',
      String(metricsPort),
      '--namespace',
      NAMESPACE,
      '--log-level',
      'error',
      ...devServerSearchAttributeArgs(),
    ],
    readyCheck: () => devServerReady(address),
    readyTimeoutMs: 90000,
    readyIntervalMs: 200,
  });
  log(`temporal dev server on ${address} (pid ${servers.devServer.pid}, ready in ${Date.now() - t0} ms)`);
  return address;
}

/** Fallback when `go` is missing: the SDK downloads and runs the CLI itself. */
async function startSdkDevServer(servers: GlobalServers): Promise<string> {
  log('no Temporal CLI could be provisioned; letting the SDK download one');
  servers.sdkDevServer = await TestWorkflowEnvironment.createLocal({
    server: { ip: '127.0.0.1', namespace: NAMESPACE, searchAttributes: SEARCH_ATTRIBUTES },
  });
  return servers.sdkDevServer.address;
}

/** Ready = the namespace exists and the custom search attributes are registered. */
async function devServerReady(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.workflowService.describeNamespace({ namespace: NAMESPACE });
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: NAMESPACE });
    return SEARCH_ATTRIBUTES.every((k) => customAttributes?.[k.name] !== undefined);
  } finally {
    await connection.close();
  }
}

async function distinctFreePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

const BUNDLE_PREFIX = 'express-replacement-bundle-';

/** Removes bundles of runs that died (their pid is in the directory name). */
function reapStaleBundles(): void {
  for (const entry of fs.readdirSync(os.tmpdir())) {
    const pid = Number(new RegExp(`^${BUNDLE_PREFIX}(\\d+)-`).exec(entry)?.[1]);
    if (!pid) continue;
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') fs.rmSync(path.join(os.tmpdir(), entry), { recursive: true, force: true });
    }
  }
}

/**
 * Bundles workflows/index.ts once for every test file. While it does not exist yet nothing happens;
 * if it does not bundle, the error is handed to the tests that ask for the bundle
 * (workflowBundle() throws it) instead of failing unrelated suites.
 */
async function bundleWorkflows(servers: GlobalServers): Promise<void> {
  const entry = path.join(REPO, 'workflows', 'index.ts');
  delete process.env.TEST_WORKFLOW_BUNDLE;
  delete process.env.TEST_WORKFLOW_BUNDLE_ERROR;
  if (!fs.existsSync(entry)) return;
  const t0 = Date.now();
  try {
    // Loaded lazily: the bundler pulls in webpack, which only this step needs.
    const { bundleWorkflowCode, DefaultLogger } = await import('@temporalio/worker');
    const { code } = await bundleWorkflowCode({
      workflowsPath: entry,
      // The bundler logs every module at info level; warnings and errors are what matter here.
      logger: new DefaultLogger('WARN', ({ level, message }) => log(`bundler ${level}: ${message}`)),
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${BUNDLE_PREFIX}${process.pid}-`));
    const file = path.join(dir, 'workflow-bundle.js');
    fs.writeFileSync(file, code);
    servers.bundleFile = file;
    // Jest skips the teardown when interrupted; the file must not outlive the run either way.
    addCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
    process.env.TEST_WORKFLOW_BUNDLE = file;
    log(`bundled workflows/index.ts in ${Date.now() - t0} ms`);
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.env.TEST_WORKFLOW_BUNDLE_ERROR = message;
    log(`bundling workflows/index.ts failed; tests using workflowBundle() will report it:\n${message}`);
  }
}
