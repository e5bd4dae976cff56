// The embedded default database: PGlite (PostgreSQL compiled to WebAssembly) in `${DATA_DIR}/pglite`,
// served over a loopback socket so the API and the worker — separate processes — share one
// database through the same `pg` driver code as production.
//
// Exactly one process may open the data directory. It takes `${DATA_DIR}/pglite.lock` (holding its
// pid) before opening PGlite and publishes its address in `${DATA_DIR}/pglite.json`; others find it
// there. A lock whose pid is gone is stale and taken over.
import fs from 'node:fs';
import path from 'node:path';
import { PGliteWireServer } from './wire-server';

export interface EmbeddedServer {
  /** postgres://… for `pg`; also what DATABASE_URL should be set to for other processes. */
  url: string;
  close(): Promise<void>;
}

export interface EmbeddedServerOptions {
  /** The service's DATA_DIR; the database lives in `<dataDir>/pglite`. */
  dataDir: string;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

/** Another live process owns the data directory. */
export class EmbeddedServerBusyError extends Error {
  constructor(readonly ownerPid: number) {
    super(`the embedded database is already open in process ${ownerPid}`);
    this.name = 'EmbeddedServerBusyError';
  }
}

export const embeddedPaths = (dataDir: string) => ({
  data: path.join(dataDir, 'pglite'),
  lock: path.join(dataDir, 'pglite.lock'),
  address: path.join(dataDir, 'pglite.json'),
});

export function embeddedUrl(host: string, port: number): string {
  return `postgres://postgres@${host.includes(':') ? `[${host}]` : host}:${port}/postgres`;
}

export async function startEmbeddedServer(opts: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const paths = embeddedPaths(path.resolve(opts.dataDir));
  fs.mkdirSync(paths.data, { recursive: true });
  await takeLock(paths.lock);
  let server: PGliteWireServer | undefined;
  let db: import('@electric-sql/pglite').PGlite | undefined;
  try {
    // Loaded here: the WebAssembly module is large and only the owning process needs it.
    const { PGlite } = await import('@electric-sql/pglite');
    db = await PGlite.create({ dataDir: paths.data });
    server = new PGliteWireServer(db);
    const bound = await server.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
    const url = embeddedUrl(bound.host ?? '127.0.0.1', bound.port ?? 0);
    writeAtomically(paths.address, JSON.stringify({ pid: process.pid, url }));
    let closing: Promise<void> | undefined;
    return {
      url,
      close: () =>
        (closing ??= (async () => {
          removeIfOurs(paths.address);
          await server!.close();
          await db!.close();
          removeIfOurs(paths.lock);
        })()),
    };
  } catch (err) {
    await server?.close().catch(() => undefined);
    await db?.close().catch(() => undefined);
    removeIfOurs(paths.lock);
    throw err;
  }
}

/** The URL of the embedded server another live process runs for `dataDir`, if any. */
export function discoverEmbeddedServer(dataDir: string): string | undefined {
  const { address } = embeddedPaths(path.resolve(dataDir));
  try {
    const { pid, url } = JSON.parse(fs.readFileSync(address, 'utf8')) as { pid?: unknown; url?: unknown };
    if (typeof pid === 'number' && typeof url === 'string' && pidAlive(pid)) return url;
  } catch {
    // missing or half-written: nobody serves it (yet)
  }
  return undefined;
}

async function takeLock(lockPath: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      // Two processes taking over the same stale lock can both get here, the later one having
      // removed the earlier one's fresh lock; its removal follows its read at once, so after a
      // short pause exactly one of them still finds its own pid.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const owner = Number(readOrEmpty(lockPath));
      if (owner === process.pid) return;
      throw new EmbeddedServerBusyError(owner);
    } catch (err) {
      if (err instanceof EmbeddedServerBusyError) throw err;
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number(readOrEmpty(lockPath));
    if (owner === process.pid) throw new EmbeddedServerBusyError(owner);
    if (Number.isInteger(owner) && owner > 0 && pidAlive(owner)) throw new EmbeddedServerBusyError(owner);
    // Stale (its owner died) or half-written by an owner that died at once: take it over.
    fs.rmSync(lockPath, { force: true });
  }
  throw new Error(`cannot take ${lockPath}`);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function removeIfOurs(file: string): void {
  try {
    const text = readOrEmpty(file);
    const pid = file.endsWith('.json') ? (JSON.parse(text || '{}') as { pid?: number }).pid : Number(text);
    if (pid === process.pid) fs.rmSync(file, { force: true });
  } catch {
    // unreadable: not provably ours, leave it
  }
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
