#!/usr/bin/env node
// `npm start`: the whole service on one machine with no accounts and no keys — Temporal dev server
// (persistent, with its web UI), a mail catcher, the worker and the API. Ctrl-C stops everything.
// Node built-ins only: this runs before dependencies are installed.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const http = require('node:http');

const ROOT = path.resolve(__dirname, '..');
const DATA = path.resolve(ROOT, process.env.DATA_DIR || '.data');
const RUN = path.join(DATA, 'run');
const LOGS = path.join(DATA, 'logs');

const TEMPORAL_PORT = Number(process.env.TEMPORAL_PORT || 7233);
const TEMPORAL_UI_PORT = Number(process.env.TEMPORAL_UI_PORT || 8233);
const SMTP_PORT = Number(process.env.SMTP_PORT || 1025);
const MAILPIT_UI_PORT = Number(process.env.MAILPIT_UI_PORT || 8025);
const HTTP_PORT = Number(process.env.HTTP_PORT || 3000);
const DB_PORT = Number(process.env.EMBEDDED_DB_PORT || 5433);
// With DATABASE_URL set, that PostgreSQL is used; otherwise an embedded one (PGlite) in .data/pglite.
const EXTERNAL_DB = process.env.DATABASE_URL || '';

const children = [];
let stopping = false;

function say(msg) {
  process.stdout.write(`[start] ${msg}\n`);
}

function ensureDependencies() {
  const stale = require('./dependencies').dependenciesStale(ROOT);
  if (!stale) return;
  say(`${stale}: installing npm dependencies (npm ci) …`);
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm ci failed');
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function waitForPort(port, timeoutMs, name) {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (stopping) return reject(new Error('stopping'));
        if (Date.now() > until) return reject(new Error(`${name} did not open port ${port} within ${timeoutMs / 1000}s`));
        setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

async function waitForReady(url, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !stopping) {
    if ((await httpStatus(url)) === 200) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000}s`);
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops processes a previous run left behind (e.g. after the terminal was closed), and waits until
 * they are gone: their ports are checked next, and a server still shutting down holds its port.
 */
async function reapStale() {
  if (!fs.existsSync(RUN)) return;
  const reaped = [];
  for (const f of fs.readdirSync(RUN)) {
    const pid = Number(fs.readFileSync(path.join(RUN, f), 'utf8'));
    try {
      process.kill(-pid, 'SIGTERM');
      reaped.push(pid);
      say(`stopping a leftover ${path.basename(f, '.pid')} (pid ${pid}) from an earlier run …`);
    } catch {
      /* already gone */
    }
    fs.rmSync(path.join(RUN, f), { force: true });
  }
  const until = Date.now() + 20000;
  while (reaped.some(groupAlive) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  for (const pid of reaped.filter(groupAlive)) process.kill(-pid, 'SIGKILL');
  while (reaped.some(groupAlive)) await new Promise((r) => setTimeout(r, 100));
}

/** Resolves when a child has printed `text` (e.g. the worker's "worker ready"). */
function waitForOutput(name, text, timeoutMs) {
  const entry = children.find((c) => c.name === name);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not report "${text}" within ${timeoutMs / 1000}s; see ${path.relative(ROOT, path.join(LOGS, name + '.log'))}`)),
      timeoutMs,
    );
    const check = () => {
      if (entry.output.includes(text)) {
        clearTimeout(timer);
        entry.child.stdout.off('data', check);
        entry.child.stderr.off('data', check);
        resolve();
      }
    };
    entry.child.stdout.on('data', check);
    entry.child.stderr.on('data', check);
    check();
  });
}

function launch(name, cmd, args, env = {}) {
  const log = fs.openSync(path.join(LOGS, `${name}.log`), 'a');
  // Each child leads its own process group so it (and anything it forks) can be stopped as one.
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name}] `;
  const entry = { name, child, output: '' };
  const pipe = (stream, out) =>
    stream.on('data', (buf) => {
      fs.writeSync(log, buf);
      entry.output = (entry.output + buf.toString()).slice(-20000);
      if (name === 'worker' || name === 'api') {
        for (const line of buf.toString().split('\n').filter(Boolean)) out.write(prefix + line + '\n');
      }
    });
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
  fs.writeFileSync(path.join(RUN, `${name}.pid`), String(child.pid));
  child.on('exit', (code, signal) => {
    fs.rmSync(path.join(RUN, `${name}.pid`), { force: true });
    if (!stopping) {
      process.stderr.write(`[start] ${name} exited unexpectedly (${signal || `code ${code}`}); see ${path.relative(ROOT, path.join(LOGS, name + '.log'))}\n`);
      shutdown(1);
    }
  });
  children.push(entry);
  return child;
}

function stopChild({ name, child }, timeoutMs) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      say(`${name} did not stop in ${timeoutMs / 1000}s; killing it`);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  say('stopping …');
  // API first (stop taking requests), then the worker (finish in-flight tasks), then the servers.
  for (const name of ['api', 'worker', 'database', 'mailpit', 'temporal']) {
    const c = children.find((x) => x.name === name);
    if (c) await stopChild(c, name === 'worker' ? 20000 : 10000);
  }
  say('stopped');
  process.exit(code);
}

async function main() {
  fs.mkdirSync(RUN, { recursive: true });
  fs.mkdirSync(LOGS, { recursive: true });
  await reapStale();
  ensureDependencies();
  require('./web-build.js').ensureWebBuilt(say);

  const provision = require('./provision.js');
  const temporal = await provision.ensureTemporalCli();
  if (!temporal) throw new Error('no Temporal CLI: install Go (to build it) or set TEMPORAL_CLI_PATH');
  const mailpit = await provision.ensureMailpit();

  for (const [port, what] of [
    [TEMPORAL_PORT, 'Temporal (TEMPORAL_PORT)'],
    [TEMPORAL_UI_PORT, 'Temporal UI (TEMPORAL_UI_PORT)'],
    [SMTP_PORT, 'SMTP (SMTP_PORT)'],
    [MAILPIT_UI_PORT, 'Mailpit UI (MAILPIT_UI_PORT)'],
    [HTTP_PORT, 'API (HTTP_PORT)'],
    ...(EXTERNAL_DB ? [] : [[DB_PORT, 'embedded PostgreSQL (EMBEDDED_DB_PORT)']]),
  ]) {
    if (!(await portFree(port))) throw new Error(`port ${port} for ${what} is in use; stop what uses it or set ${what.match(/\((\w+)\)/)[1]}`);
  }

  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const { devServerSearchAttributeArgs } = loadSearchAttributeArgs(tsx);

  say('starting the Temporal dev server (state in .data/temporal.db) …');
  launch('temporal', temporal, [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(TEMPORAL_PORT),
    '--ui-port',
    String(TEMPORAL_UI_PORT),
    '--db-filename',
    path.join(DATA, 'temporal.db'),
    '--namespace',
    'default',
    '--log-level',
    'warn',
    ...devServerSearchAttributeArgs,
  ]);
  say('starting Mailpit …');
  launch('mailpit', mailpit, [
    '--smtp',
    `127.0.0.1:${SMTP_PORT}`,
    '--listen',
    `127.0.0.1:${MAILPIT_UI_PORT}`,
    '--database',
    path.join(DATA, 'mailpit.db'),
    '--smtp-auth-accept-any',
    '--smtp-auth-allow-insecure',
  ]);
  if (!EXTERNAL_DB) {
    say('starting the embedded PostgreSQL (PGlite, data in .data/pglite; the first start creates it) …');
    launch('database', tsx, ['src/sandboxes/embedded-postgres/server.ts'], {
      DATA_DIR: DATA,
      EMBEDDED_DB_HOST: '127.0.0.1',
      EMBEDDED_DB_PORT: String(DB_PORT),
    });
  }
  await waitForPort(TEMPORAL_PORT, 60000, 'Temporal');
  await waitForPort(SMTP_PORT, 30000, 'Mailpit');
  if (!EXTERNAL_DB) await waitForPort(DB_PORT, 180000, 'the embedded PostgreSQL');

  const env = {
    TEMPORAL_ADDRESS: `127.0.0.1:${TEMPORAL_PORT}`,
    TEMPORAL_UI_URL: `http://localhost:${TEMPORAL_UI_PORT}`,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(SMTP_PORT),
    MAILPIT_API_URL: `http://127.0.0.1:${MAILPIT_UI_PORT}`,
    HTTP_PORT: String(HTTP_PORT),
    DATA_DIR: DATA,
    DATABASE_URL: EXTERNAL_DB || `postgres://postgres@127.0.0.1:${DB_PORT}/postgres`,
    // The embedded demo gets 5 units of every product once (a restart keeps what happened since);
    // a database of your own gets none unless you ask for it.
    DEMO_STOCK_UNITS: process.env.DEMO_STOCK_UNITS || (EXTERNAL_DB ? '0' : '5'),
  };
  say('starting the worker and the API …');
  launch('worker', tsx, ['worker/main.ts'], env);
  launch('api', tsx, ['src/api/server.ts'], env);
  await waitForReady(`http://127.0.0.1:${HTTP_PORT}/readyz`, 120000);
  // "Running" means a replacement can be shipped: the worker polls and the demo stock is in.
  await waitForOutput('worker', 'worker ready', 180000);

  process.stdout.write(
    [
      '',
      'Express replacement service is running:',
      `  Portal         http://localhost:${HTTP_PORT}/`,
      `  API            http://localhost:${HTTP_PORT}/v1   (docs: http://localhost:${HTTP_PORT}/docs)`,
      `  Temporal UI    http://localhost:${TEMPORAL_UI_PORT}`,
      `  Mail inbox     http://localhost:${MAILPIT_UI_PORT}`,
      `  Dev tokens     npm run token -- --role customer --sub kari`,
      `  Logs           ${path.relative(ROOT, LOGS)}/`,
      'Press Ctrl-C to stop everything.',
      '',
    ].join('\n'),
  );
}

function loadSearchAttributeArgs(tsx) {
  // The list lives in TypeScript (shared with the workflow); ask tsx for it once.
  const r = spawnSync(tsx, ['-e', "process.stdout.write(JSON.stringify(require('./workflows/search-attributes').devServerSearchAttributeArgs()))"], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`could not read search attributes: ${r.stderr}`);
  return { devServerSearchAttributeArgs: JSON.parse(r.stdout) };
}

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

main().catch((err) => {
  process.stderr.write(`[start] ${err.message}\n`);
  shutdown(1);
});
