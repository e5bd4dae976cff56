import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

test('defaults give a working embedded configuration', () => {
  const c = loadConfig({});
  expect(c.TEMPORAL_ADDRESS).toBe('localhost:7233');
  expect(c.TEMPORAL_NAMESPACE).toBe('default');
  expect(c.TEMPORAL_TASK_QUEUE).toBe('express-replacement');
  expect(c.HTTP_PORT).toBe(3000);
  expect(c.TEMPORAL_TLS).toBe(false);
});

test.each([
  [{ HTTP_PORT: 'eighty' }, 'HTTP_PORT', /number/i],
  [{ HTTP_PORT: '70000' }, 'HTTP_PORT', /65535/],
  [{ TEMPORAL_ADDRESS: 'localhost' }, 'TEMPORAL_ADDRESS', /host:port/],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /info/],
  [{ TEMPORAL_TLS: 'maybe' }, 'TEMPORAL_TLS', /true/],
  [{ TEMPORAL_TLS_CERT_PATH: '/certs/client.pem' }, 'TEMPORAL_TLS_KEY_PATH', /both/],
  [{ STRIPE_SECRET_KEY: 'pk_test_123' }, 'STRIPE_SECRET_KEY', /sk_test_/],
  [{ SMTP_USER: 'mailer' }, 'SMTP_PASSWORD', /required/],
  [{ STRIPE_PUBLISHABLE_KEY: 'sk_test_123' }, 'STRIPE_PUBLISHABLE_KEY', /pk_test_/],
  [{ STRIPE_PUBLISHABLE_KEY: 'pk_test_123' }, 'STRIPE_SECRET_KEY', /required when STRIPE_PUBLISHABLE_KEY/],
  [{ STRIPE_SECRET_KEY: 'sk_live_1', STRIPE_PUBLISHABLE_KEY: 'pk_test_1' }, 'STRIPE_PUBLISHABLE_KEY', /must not be mixed/],
  [{ AUTHENTICATION_WAIT_SECONDS: '1' }, 'AUTHENTICATION_WAIT_SECONDS', />=5/],
  [{ NODE_ENV: 'production', AUTHENTICATION_WAIT_SECONDS: '60' }, 'AUTHENTICATION_WAIT_SECONDS', /tests and demos only/],
  [{ NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_live_1' }, 'STRIPE_PUBLISHABLE_KEY', /card step needs it/],
  [{ DEMO_STOCK_UNITS: '-1' }, 'DEMO_STOCK_UNITS', />=0/],
  [{ DEMO_STOCK_UNITS: '2.5' }, 'DEMO_STOCK_UNITS', /expected int/],
  [{ NODE_ENV: 'production', DEMO_STOCK_UNITS: '5' }, 'DEMO_STOCK_UNITS', /embedded default only/],
])('%j is refused with a message naming %s', (env, variable, expected) => {
  const found = problems(env as Record<string, string>);
  const line = found.find((p) => p.startsWith(`${variable}:`));
  expect(line).toBeDefined();
  expect(line).toMatch(expected);
});

test('demo stock is off unless asked for', () => {
  expect(loadConfig({}).DEMO_STOCK_UNITS).toBe(0);
  expect(loadConfig({ DEMO_STOCK_UNITS: '5' }).DEMO_STOCK_UNITS).toBe(5);
});

test('Temporal Cloud with an API key is accepted', () => {
  const c = loadConfig({ TEMPORAL_ADDRESS: 'prod.a1b2c.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'prod.a1b2c', TEMPORAL_API_KEY: 'key' });
  expect(c.TEMPORAL_API_KEY).toBe('key');
});

test('every problem is reported at once, not one per start', () => {
  expect(problems({ HTTP_PORT: 'x', LOG_LEVEL: 'y' }).length).toBe(2);
});

test('the worker refuses to start on a bad variable, naming it, with exit code 78', () => {
  const tsx = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
  const r = spawnSync(tsx, [join(__dirname, '..', '..', 'worker', 'main.ts')], {
    env: { ...process.env, HTTP_PORT: 'not-a-port', TEMPORAL_ADDRESS: 'nowhere' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status).toBe(78);
  expect(r.stderr).toMatch(/HTTP_PORT: .*not-a-port/);
  expect(r.stderr).toMatch(/TEMPORAL_ADDRESS: expected host:port/);
});

describe('sign-in configuration', () => {
  const oidc = { OIDC_ISSUER_URL: 'https://id.example.no', OIDC_CLIENT_ID: 'express-replacement', OIDC_CLIENT_SECRET: 'client-secret' };

  test('sessions last 30 idle minutes and 12 hours by default; the role is in the `role` claim', () => {
    const c = loadConfig({});
    expect([c.SESSION_IDLE_MINUTES, c.SESSION_ABSOLUTE_HOURS, c.OIDC_ROLE_CLAIM, c.OIDC_SCOPES]).toEqual([30, 12, 'role', 'openid profile']);
    expect(c.OIDC_ISSUER_URL).toBeUndefined();
  });

  test('the redirect URL defaults to PUBLIC_BASE_URL + /auth/callback', () => {
    expect(loadConfig({ ...oidc, PUBLIC_BASE_URL: 'https://service.example.no/' }).OIDC_REDIRECT_URL).toBe('https://service.example.no/auth/callback');
    expect(loadConfig({ ...oidc, OIDC_REDIRECT_URL: 'https://portal.example.no/auth/callback' }).OIDC_REDIRECT_URL).toBe(
      'https://portal.example.no/auth/callback',
    );
  });

  test.each([
    [{ OIDC_ISSUER_URL: 'https://id.example.no', PUBLIC_BASE_URL: 'https://s.example.no' }, 'OIDC_CLIENT_ID', /required when OIDC_ISSUER_URL/],
    [{ OIDC_ISSUER_URL: 'https://id.example.no', PUBLIC_BASE_URL: 'https://s.example.no' }, 'OIDC_CLIENT_SECRET', /required when OIDC_ISSUER_URL/],
    [{ OIDC_ISSUER_URL: 'https://id.example.no', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' }, 'OIDC_REDIRECT_URL', /PUBLIC_BASE_URL/],
    [{ OIDC_CLIENT_ID: 'c' }, 'OIDC_ISSUER_URL', /required when OIDC_CLIENT_ID/],
    [{ OIDC_SCOPES: 'profile email' }, 'OIDC_SCOPES', /must include openid/],
    [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES', />=1/],
    [{ SESSION_ABSOLUTE_HOURS: 'long' }, 'SESSION_ABSOLUTE_HOURS', /number/i],
  ])('%j is refused with a message naming %s', (env, variable, expected) => {
    const line = problems(env as Record<string, string>).find((p) => p.startsWith(`${variable}:`));
    expect(line).toMatch(expected);
  });
});
