/**
 * Starting and stopping external server processes for tests (Temporal dev server, Mailpit,
 * stripe-mock, …) without ever leaving one behind.
 *
 * Every process runs in its own process group, so stopping it also stops anything it forked.
 * Safety nets for the paths where stop() never runs: each process gets a pid file naming its
 * owner; a small detached watchdog kills the owner's servers as soon as the owner dies, however it
 * dies (test files run in Jest's sandbox, whose `process` never sees real signals or exit events);
 * reapOrphans() (jest global setup) sweeps whatever is left; and in the jest parent process, exit
 * and signal hooks stop things at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface StartProcessOptions {
  /** Shown in errors and logs. */
  name: string;
  cmd: string;
  args?: string[];
  /** Merged over process.env. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * Resolves true once the process serves requests; polled until it does. Gets the process, so a
   * check can also look for a line in its output.
   */
  readyCheck?: (proc: StartedProcess) => Promise<boolean>;
  /** @default 60000 */
  readyTimeoutMs?: number;
  /** @default 100 */
  readyIntervalMs?: number;
}

export interface StartedProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** The last ~64 KiB of combined stdout/stderr, for error messages. */
  output(): string;
  /** SIGTERM the process group, SIGKILL it after `graceMs`; resolves when every member is gone. */
  stop(graceMs?: number): Promise<void>;
}

const OUTPUT_LIMIT = 64 * 1024;
/** Pid files of running servers; the provisioned test-server wrapper writes here too. */
export const PROCESS_PID_DIR = path.join(os.tmpdir(), 'express-replacement-test-processes');
const PID_DIR = PROCESS_PID_DIR;
/** Tracked processes; `group` false for adopted ones, which are not process-group leaders. */
const live = new Map<number, { name: string; pidFile: string; group: boolean }>();
const cleanups = new Set<() => void>();

/** Set TEST_PROCESS_OUTPUT=1 to see the servers' own output while tests run. */
const echoOutput = process.env.TEST_PROCESS_OUTPUT === '1';

export async function startProcess(opts: StartProcessOptions): Promise<StartedProcess> {
  installExitHooks();
  ensureWatchdog();
  const child = spawn(opts.cmd, opts.args ?? [], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: stop() signals the whole group.
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
    if (echoOutput) process.stderr.write(`[${opts.name}] ${chunk.toString()}`);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const spawned = await new Promise<number>((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid as number));
    child.once('error', (err) => reject(new Error(`${opts.name}: cannot start ${opts.cmd}: ${err.message}`)));
  });
  const pid = spawned;
  const pidFile = path.join(PID_DIR, `${pid}.json`);
  fs.mkdirSync(PID_DIR, { recursive: true });
  fs.writeFileSync(pidFile, JSON.stringify({ owner: process.pid, pgid: pid, group: true, name: opts.name, cmd: opts.cmd }));
  live.set(pid, { name: opts.name, pidFile, group: true });

  // Never keep the jest process alive just because a server is running; the hooks clean up.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

  const stop = async (graceMs = 5000): Promise<void> => {
    if (!live.has(pid)) return;
    killGroup(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (groupAlive(pid) && Date.now() < deadline) await delay(50);
    if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
    while (groupAlive(pid)) await delay(20);
    await Promise.race([exited, delay(1000)]);
    live.delete(pid);
    fs.rmSync(pidFile, { force: true });
  };

  const started: StartedProcess = { name: opts.name, pid, child, output: () => output, stop };
  if (!opts.readyCheck) return started;

  const timeoutMs = opts.readyTimeoutMs ?? 60000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop(0);
      throw new Error(`${opts.name} exited (${child.signalCode ?? `code ${child.exitCode}`}) before it was ready:\n${output}`);
    }
    let ready: boolean;
    try {
      ready = await opts.readyCheck(started);
    } catch {
      ready = false;
    }
    if (ready) return started;
    if (Date.now() > deadline) {
      await stop(0);
      throw new Error(`${opts.name} was not ready within ${timeoutMs} ms:\n${output}`);
    }
    await delay(opts.readyIntervalMs ?? 100);
  }
}

/**
 * Puts a process this one did not start through startProcess() (e.g. the SDK's time-skipping
 * server) under the same safety nets: killed if this process exits or is signalled, reaped by
 * reapOrphans() if it is killed outright. Call the returned function once it is stopped.
 */
export function adoptProcess(pid: number, name: string, cmd: string): () => void {
  installExitHooks();
  ensureWatchdog();
  const pidFile = path.join(PID_DIR, `${pid}.json`);
  fs.mkdirSync(PID_DIR, { recursive: true });
  fs.writeFileSync(pidFile, JSON.stringify({ owner: process.pid, pgid: pid, group: false, name, cmd }));
  live.set(pid, { name, pidFile, group: false });
  return () => {
    live.delete(pid);
    fs.rmSync(pidFile, { force: true });
  };
}

/**
 * Starts this process's watchdog and hooks now, for servers that register themselves in
 * PROCESS_PID_DIR (the time-skipping server wrapper) rather than through startProcess().
 */
export function watchOwnProcesses(): void {
  fs.mkdirSync(PID_DIR, { recursive: true });
  installExitHooks();
  ensureWatchdog();
}

/** Runs `fn` (synchronous) when this process exits or dies of SIGINT/SIGTERM/SIGHUP. */
export function addCleanup(fn: () => void): () => void {
  installExitHooks();
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Direct children of this process whose argv (program first) satisfies `match` (Linux). */
export function findChildProcesses(match: (argv: string[]) => boolean): { pid: number; argv: string[] }[] {
  const found: { pid: number; argv: string[] }[] = [];
  for (const [pid, ppid] of processTable()) {
    if (ppid !== process.pid) continue;
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (match(argv)) found.push({ pid, argv });
    } catch {
      /* exited meanwhile */
    }
  }
  return found;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** readyCheck helper: something accepts TCP connections on host:port. */
export function tcpReady(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** readyCheck helper: GET `url` answers with a status below 500. */
export function httpReady(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 1000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.once('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.once('error', () => resolve(false));
  });
}

/** Signals a whole process group (whose id is its leader's pid); a group already gone is fine. */
export function killGroup(pgid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pgid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/**
 * Kills a process, its group and every descendant (some servers put children in groups of their
 * own), leaves first.
 */
export function killTree(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  const children = new Map<number, number[]>();
  for (const [p, ppid] of processTable()) {
    const list = children.get(ppid) ?? [];
    list.push(p);
    children.set(ppid, list);
  }
  const order: number[] = [];
  const visit = (p: number): void => {
    for (const c of children.get(p) ?? []) visit(c);
    order.push(p);
  };
  visit(pid);
  for (const p of order) {
    try {
      process.kill(p, signal);
    } catch {
      /* already gone */
    }
  }
  killGroup(pid, signal);
}

/** Every live descendant of `pid` (children, their children, …), whatever group they lead. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const [p, ppid, , state] of processTable()) {
    if (state === 'Z') continue;
    children.set(ppid, [...(children.get(ppid) ?? []), p]);
  }
  const found: number[] = [];
  const visit = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      found.push(c);
      visit(c);
    }
  };
  visit(pid);
  return found;
}

/** True while `pid` runs (a zombie does not count). */
export const isAlive = (pid: number): boolean => pidAlive(pid);

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  // A zombie leader (exited, not yet reaped by Node) still "exists"; count only live members.
  if (!fs.existsSync('/proc/self/stat')) return true;
  return [...processTable()].some(([, , group, state]) => group === pgid && state !== 'Z');
}

/** [pid, ppid, pgid, state] of every process, read from /proc (Linux; empty elsewhere). */
function* processTable(): Generator<[number, number, number, string]> {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may contain spaces and parentheses; fields resume after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      yield [Number(entry), Number(fields[1]), Number(fields[2]), fields[0] ?? '?'];
    } catch {
      /* exited while we were reading */
    }
  }
}

/** Running, and not a zombie (a dead process whose parent has not collected it yet). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/**
 * Kills servers started by processes that died without stopping them. Checks the group leader's
 * command line first so a recycled pid is never killed.
 */
export function reapOrphans(): void {
  let files: string[];
  try {
    files = fs.readdirSync(PID_DIR);
  } catch {
    return;
  }
  for (const file of files) {
    const full = path.join(PID_DIR, file);
    try {
      const info = JSON.parse(fs.readFileSync(full, 'utf8')) as { owner: number; pgid: number; group?: boolean; name: string; cmd: string };
      if (pidAlive(info.owner)) continue;
      let cmdline = '';
      try {
        cmdline = fs.readFileSync(`/proc/${info.pgid}/cmdline`, 'utf8');
      } catch {
        /* gone */
      }
      if (cmdline.includes(path.basename(info.cmd))) {
        process.stderr.write(`[test] killing orphaned ${info.name} (pid ${info.pgid}) left by pid ${info.owner}\n`);
        if (info.group === false) killPid(info.pgid);
        else killGroup(info.pgid, 'SIGKILL');
      }
      fs.rmSync(full, { force: true });
    } catch {
      fs.rmSync(full, { force: true });
    }
  }
}

/**
 * Kills the servers recorded in PID_DIR for `owner` once `owner` is gone, then exits. Plain JS run
 * with `node -e`; checks the command line first so a recycled pid is never killed.
 */
const WATCHDOG_SCRIPT = `
const fs = require('node:fs');
const path = require('node:path');
const owner = Number(process.argv[1]);
const dir = process.argv[2];
const zombie = (pid) => { try { const s = fs.readFileSync('/proc/' + pid + '/stat', 'utf8'); return s.slice(s.lastIndexOf(')') + 2).startsWith('Z'); } catch { return false; } };
const alive = (pid) => { try { process.kill(pid, 0); } catch (e) { return e.code === 'EPERM'; } return !zombie(pid); };
setInterval(() => {
  if (alive(owner)) return;
  let files = [];
  try { files = fs.readdirSync(dir); } catch {}
  for (const f of files) {
    const full = path.join(dir, f);
    try {
      const info = JSON.parse(fs.readFileSync(full, 'utf8'));
      if (info.owner !== owner) continue;
      const cmdline = fs.readFileSync('/proc/' + info.pgid + '/cmdline', 'utf8');
      if (cmdline.includes(path.basename(info.cmd))) process.kill(info.group === false ? info.pgid : -info.pgid, 'SIGKILL');
    } catch {}
    try { if (JSON.parse(fs.readFileSync(full, 'utf8')).owner === owner) fs.rmSync(full, { force: true }); } catch {}
  }
  process.exit(0);
}, 500);
`;

let watchdogStarted = false;

function ensureWatchdog(): void {
  if (watchdogStarted) return;
  watchdogStarted = true;
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG_SCRIPT, String(process.pid), PID_DIR], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.on('error', () => undefined);
  watchdog.unref();
}

let hooksInstalled = false;

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

function killAllNow(): void {
  for (const [pid, { pidFile, group }] of live) {
    if (group) killGroup(pid, 'SIGKILL');
    else killPid(pid);
    fs.rmSync(pidFile, { force: true });
  }
  live.clear();
  for (const fn of cleanups) {
    try {
      fn();
    } catch {
      /* best effort while exiting */
    }
  }
  cleanups.clear();
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = (): void => {
      killAllNow();
      // Re-raise with the default disposition so the process still dies of the signal, unless
      // someone else handles it too (then it is theirs to decide).
      process.removeListener(signal, handler);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
