// Processes the benchmark starts: each in its own process group with its output in a log file
// (a pipe would make the load generator read every log line), registered with the test harness's
// watchdog so none outlives the benchmark even if it is killed outright.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROCESS_PID_DIR, addCleanup, killGroup, watchOwnProcesses } from '../../test/helpers/processes';

export interface ServiceProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Wall time of spawn(), for start-up measurements. */
  readonly spawnedAt: number;
  /** Resolves with the rest of the first output line starting with `prefix`. */
  waitForLine(prefix: string, timeoutMs: number): Promise<string>;
  tail(bytes?: number): string;
  /** SIGTERM (or `signal`) to the group, SIGKILL after `graceMs`; resolves when every member is gone. */
  stop(graceMs?: number, signal?: NodeJS.Signals): Promise<{ graceful: boolean }>;
}

const live = new Set<ServiceProcess>();

export function spawnService(opts: { name: string; cmd: string; args: string[]; env?: NodeJS.ProcessEnv; cwd?: string; logDir: string }): ServiceProcess {
  watchOwnProcesses();
  fs.mkdirSync(opts.logDir, { recursive: true });
  const logFile = path.join(opts.logDir, `${opts.name}.log`);
  const fd = fs.openSync(logFile, 'a');
  const spawnedAt = performance.now();
  const child = spawn(opts.cmd, opts.args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${opts.name}: could not start ${opts.cmd}`);
  const pidFile = path.join(PROCESS_PID_DIR, `${pid}.json`);
  fs.writeFileSync(pidFile, JSON.stringify({ owner: process.pid, pgid: pid, group: true, name: opts.name, cmd: opts.cmd }));
  const removeCleanup = addCleanup(() => killGroup(pid, 'SIGKILL'));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.unref();

  const tail = (bytes = 4000): string => {
    try {
      const text = fs.readFileSync(logFile, 'utf8');
      return text.slice(-bytes);
    } catch {
      return '';
    }
  };

  const proc: ServiceProcess = {
    name: opts.name,
    pid,
    child,
    logFile,
    spawnedAt,
    tail,
    async waitForLine(prefix, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = tail(Number.MAX_SAFE_INTEGER)
          .split('\n')
          .find((l) => l.startsWith(prefix));
        if (line !== undefined) return line.slice(prefix.length).trim();
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`${opts.name} exited (${child.signalCode ?? child.exitCode}) before printing "${prefix}":\n${tail()}`);
        }
        if (Date.now() > deadline) throw new Error(`${opts.name}: no "${prefix}" within ${timeoutMs} ms:\n${tail()}`);
        await delay(20);
      }
    },
    async stop(graceMs = 20_000, signal = 'SIGTERM') {
      if (!live.has(proc)) return { graceful: true };
      killGroup(pid, signal);
      const deadline = Date.now() + graceMs;
      while (groupAlive(pid) && Date.now() < deadline) await delay(50);
      const graceful = !groupAlive(pid);
      if (!graceful) killGroup(pid, 'SIGKILL');
      while (groupAlive(pid)) await delay(20);
      await Promise.race([exited, delay(1000)]);
      live.delete(proc);
      removeCleanup();
      fs.rmSync(pidFile, { force: true });
      return { graceful };
    },
  };
  live.add(proc);
  return proc;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop(5000)));
}

/** [pid, ppid, pgid, state] of every process (Linux /proc). */
export function processTable(): { pid: number; ppid: number; pgid: number; state: string }[] {
  const out: { pid: number; ppid: number; pgid: number; state: string }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(entry), state: f[0] ?? '?', ppid: Number(f[1]), pgid: Number(f[2]) });
    } catch {
      /* exited while reading */
    }
  }
  return out;
}

function groupAlive(pgid: number): boolean {
  return processTable().some((p) => p.pgid === pgid && p.state !== 'Z');
}

/** Every live descendant of `root`. */
export function descendants(root: number): number[] {
  const table = processTable().filter((p) => p.state !== 'Z');
  const found: number[] = [];
  const visit = (pid: number) => {
    for (const p of table) {
      if (p.ppid === pid) {
        found.push(p.pid);
        visit(p.pid);
      }
    }
  };
  visit(root);
  return found;
}

export function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/** Processes (other than this one) whose command line or environment mentions `marker`. */
export function processesMentioning(marker: string): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const p of processTable()) {
    if (p.pid === process.pid || p.state === 'Z') continue;
    let text = cmdline(p.pid);
    try {
      text += `\0${fs.readFileSync(`/proc/${p.pid}/environ`, 'utf8')}`;
    } catch {
      /* not ours to read, or gone */
    }
    if (text.includes(marker)) found.push({ pid: p.pid, cmd: cmdline(p.pid).slice(0, 200) });
  }
  return found;
}

/** Resident memory in MiB (VmRSS), or null once the process is gone. */
export function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted from the state field as index 0.
    return (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
