// No Docker engine runs in CI, so the compose file is checked statically: the app services'
// environments must parse with the same schema the processes use, name only real variables, and
// agree with the other services on hosts and ports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../../src/config';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

const ROOT = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { environment?: Record<string, string>; ports?: string[]; command?: string[] | string; image?: string; build?: string }>;
};
const services = compose.services;
const known = new Set(Object.keys(configSchema.in.shape));

describe.each(['api', 'worker'])('the %s service', (name) => {
  const env = services[name].environment ?? {};

  test('sets only variables the configuration schema knows', () => {
    expect(Object.keys(env).filter((k) => !known.has(k))).toEqual([]);
  });

  test('has an environment that parses as a production configuration', () => {
    const config = loadConfig(env);
    expect(config.NODE_ENV).toBe('production');
  });

  test('reaches Temporal and SMTP through services defined in the file', () => {
    const config = loadConfig(env);
    const [temporalHost, temporalPort] = config.TEMPORAL_ADDRESS.split(':');
    expect(services[temporalHost]).toBeDefined();
    expect(services[temporalHost].ports).toContain(`${temporalPort}:${temporalPort}`);
    expect(services[config.SMTP_HOST]).toBeDefined();
    // The ledger, stock and read model live in the compose file's PostgreSQL, not an embedded one.
    const db = new URL(config.DATABASE_URL!);
    expect(services[db.hostname]?.image).toMatch(/^postgres:/);
    expect(db.pathname).toBe(`/${services[db.hostname].environment?.POSTGRES_DB}`);
    expect(services[config.SMTP_HOST].ports).toContain(`${config.SMTP_PORT}:${config.SMTP_PORT}`);
  });

  test('runs a compiled entry point from the image', () => {
    const cmd = ([] as string[]).concat(services[name].command ?? []).join(' ');
    const expected = name === 'api' ? 'dist/src/api/server.js' : 'dist/worker/main.js';
    expect(cmd).toContain(expected);
    expect(services[name].build).toBe('.');
  });
});

test('the API publishes the port it listens on', () => {
  const config = loadConfig(services.api.environment ?? {});
  expect(config.HTTP_HOST).toBe('0.0.0.0');
  expect(services.api.ports).toContain(`${config.HTTP_PORT}:${config.HTTP_PORT}`);
});

test('the worker starts from the bundle the Dockerfile builds', () => {
  const config = loadConfig(services.worker.environment ?? {});
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  expect(config.WORKFLOW_BUNDLE_PATH).toBe('/app/dist/workflow-bundle.js');
  expect(dockerfile).toMatch(/WORKDIR \/app/);
  expect(dockerfile).toMatch(/npm run build/);
  // Migrations are read from db/migrations at start-up: the image must carry them.
  expect(dockerfile).toMatch(/COPY --from=build \/app\/db \.\/db/);
});

test('the setup service registers every search attribute the workflow upserts, with its type', () => {
  const cmd = ([] as string[]).concat(services['temporal-setup'].command ?? []).join(' ');
  const typeName: Record<string, string> = { KEYWORD: 'Keyword', DATETIME: 'Datetime', KEYWORD_LIST: 'KeywordList' };
  for (const key of SEARCH_ATTRIBUTES) {
    expect(cmd).toContain(`--name ${key.name} --type ${typeName[key.type]}`);
  }
});
