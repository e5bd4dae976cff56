// Entry point of the embedded database process (`npm start` runs it before the worker and the API).
// A process of its own owns the PGlite data directory, so the API and the worker can each stop or
// restart without taking the database away from the other. It applies the migrations before
// anyone else connects, then prints `DATABASE_URL=postgres://…` (and writes it to
// DATA_DIR/pglite.json) for the other processes. SIGINT/SIGTERM close it cleanly.
import { loadConfigOrExit } from '../../config';
import { createLogger } from '../../logger';
import { startEmbeddedServer } from './embedded';
import { migrate } from '../../adapters/postgres/migrate';
import { createPool } from '../../adapters/postgres/pool';
import { seedReferenceData } from '../../adapters/postgres/seed';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config, 'database');
  if (config.DATABASE_URL) {
    log.fatal('DATABASE_URL is set: the service uses that database and the embedded one is not needed');
    process.exit(78);
  }
  const t0 = Date.now();
  const server = await startEmbeddedServer({ dataDir: config.DATA_DIR, host: config.EMBEDDED_DB_HOST, port: config.EMBEDDED_DB_PORT });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping the embedded database');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'could not close the embedded database cleanly');
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));

  const pool = createPool(server.url, { max: 1, applicationName: 'embedded-server' });
  try {
    const applied = await migrate(pool);
    await seedReferenceData(pool);
    log.info({ applied }, 'schema up to date');
  } catch (err) {
    await pool.end().catch(() => undefined);
    await server.close().catch(() => undefined);
    throw err;
  }
  await pool.end();
  log.info({ url: server.url, dataDir: config.DATA_DIR, ms: Date.now() - t0 }, 'embedded database ready');
  process.stdout.write(`DATABASE_URL=${server.url}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`embedded database failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
