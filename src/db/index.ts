// The data layer's entry points; the repositories implementing the activity ports live beside
// their ports (activities/ledger/pg-ledger.ts, activities/inventory/pg-inventory.ts,
// activities/email/pg-sent-store.ts, activities/read-model/pg-read-model.ts).
export { InvalidCursorError } from './cursor';
export { discoverEmbeddedServer, EmbeddedServerBusyError, startEmbeddedServer, type EmbeddedServer } from './embedded';
export { loadMigrations, migrate } from './migrate';
export { PgPolicySource } from './pg-policy-source';
export { createPool, openDatabase, type Database, type DatabaseConfig, type OpenDatabaseOptions } from './pool';
export { ProcessedWebhooks } from './processed-webhooks';
export { seedReferenceData } from './seed';
export { withTransaction } from './sql';
