// All runtime configuration comes from environment variables, parsed once by one zod schema.
// A bad or missing value stops the process with a message naming the variable.
import { z } from 'zod';
import type { PaymentProvider } from './domain/vocabulary';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(1).max(65535);

// Development-only secrets so the embedded default runs with no keys. Production must set its own:
// the schema rejects a missing value and these exact strings when NODE_ENV=production.
export const DEV_AUTH_JWT_SECRET = 'dev-only-express-replacement-jwt-secret-change-me';
export const DEV_CARRIER_WEBHOOK_SECRET = 'dev-only-carrier-webhook-secret';

const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'] as const;

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    // Temporal: a dev server, a self-hosted cluster (optionally mTLS) or Temporal Cloud (mTLS or API key).
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[A-Za-z0-9.\-_]+:\d{1,5}$/, 'expected host:port, e.g. localhost:7233 or my-ns.a1b2c.tmprl.cloud:7233')
      .default('localhost:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('express-replacement'),
    TEMPORAL_TLS: bool.default(false),
    TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
    TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
    TEMPORAL_TLS_CA_PATH: z.string().min(1).optional(),
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    /** The Temporal UI's base URL, for links from the staff console to a replacement's workflow; unset: no link. */
    TEMPORAL_UI_URL: z.url().optional(),

    // HTTP API
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    HTTP_PORT: port.default(3000),
    PUBLIC_BASE_URL: z.url().optional(),
    /** Sustained requests per minute per customer (token bucket; the burst is the same size). */
    RATE_LIMIT_CUSTOMER_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    /** How long a SIGTERM waits for in-flight requests before closing connections. */
    HTTP_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),

    // API authentication: HS256 with a shared secret (embedded default) or an identity provider's JWKS.
    AUTH_JWT_SECRET: z.string().min(32, 'use at least 32 characters').optional(),
    AUTH_JWKS_URL: z.url().optional(),
    /** The one signing algorithm accepted; default HS256 with a secret, RS256 with a JWKS. */
    AUTH_JWT_ALGORITHM: z.enum(JWT_ALGORITHMS).optional(),
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).optional(),

    // Browser sessions (the portal and the staff console): idle and absolute timeouts.
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(720).default(12),
    // Sign-in through an OpenID Connect provider (authorization code with PKCE, this service the
    // confidential client). Unset: the embedded default's development sign-in page, or none.
    OIDC_ISSUER_URL: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** Registered at the provider; default PUBLIC_BASE_URL + /auth/callback. */
    OIDC_REDIRECT_URL: z.url().optional(),
    /** The claim (a dotted path for nested ones) holding the role: one role or a list. */
    OIDC_ROLE_CLAIM: z.string().min(1).default('role'),
    OIDC_SCOPES: z
      .string()
      .regex(/(^|\s)openid(\s|$)/, 'the scopes must include openid, e.g. "openid profile"')
      .default('openid profile'),

    // Carrier tracking webhooks are signed with this shared secret (HMAC-SHA256).
    CARRIER_WEBHOOK_SECRET: z.string().min(16, 'use at least 16 characters').optional(),

    // Worker
    WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),

    // Embedded-default state (sandbox payment provider, stock, ledger, sent emails).
    DATA_DIR: z.string().min(1).default('.data'),

    // Database (ledger, read model, stock): PostgreSQL at DATABASE_URL, or when unset the embedded
    // PGlite database in DATA_DIR/pglite, served on EMBEDDED_DB_HOST:EMBEDDED_DB_PORT (0 = any free port).
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'expected a PostgreSQL URL, e.g. postgres://user:password@host:5432/db')
      .optional(),
    // The embedded demo (`npm start`): units of every catalog SKU put into stock once, for SKUs the
    // warehouse has never stocked. 0 (the default) seeds nothing; refused in production.
    DEMO_STOCK_UNITS: z.coerce.number().int().min(0).max(1000).default(0),
    // Days after a replacement closes that the customer's personal data is kept in the read model.
    RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    EMBEDDED_DB_HOST: z.string().min(1).default('127.0.0.1'),
    EMBEDDED_DB_PORT: z.coerce.number().int().min(0).max(65535).default(0),

    // Payment: the sandbox unless a Stripe key is set.
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_/, 'expected a Stripe secret key (sk_test_… or sk_live_…)')
      .optional(),
    STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
    // Outside production: how long a customer has for a card's 3-D Secure on new requests, instead
    // of the policy's term (minutes) — for tests and demos that should not wait half an hour.
    AUTHENTICATION_WAIT_SECONDS: z.coerce.number().int().min(5).max(86_400).optional(),
    // The portal's card step loads Stripe.js with this key; the card never reaches our server.
    STRIPE_PUBLISHABLE_KEY: z
      .string()
      .regex(/^pk_(test|live)_/, 'expected a Stripe publishable key (pk_test_… or pk_live_…)')
      .optional(),

    // Carrier: the sandbox unless Bring is chosen.
    CARRIER: z.enum(['sandbox', 'bring']).default('sandbox'),
    BRING_API_UID: z.string().min(1).optional(),
    BRING_API_KEY: z.string().min(1).optional(),
    BRING_CUSTOMER_NUMBER: z.string().min(1).optional(),
    BRING_BASE_URL: z.url().optional(),
    BRING_TEST_INDICATOR: bool.default(true),

    // Email
    SMTP_HOST: z.string().min(1).default('127.0.0.1'),
    SMTP_PORT: port.default(1025),
    SMTP_SECURE: bool.default(false),
    SMTP_USER: z.string().min(1).optional(),
    SMTP_PASSWORD: z.string().min(1).optional(),
    MAIL_FROM: z.string().min(3).default('Express Replacement <service@example.no>'),
    // When the SMTP server is Mailpit: its HTTP API, asked whether a delivery a crashed worker left
    // unconfirmed reached it (then confirmed) or not (then sent now). Unset: counted as sent, logged.
    MAILPIT_API_URL: z.url().optional(),
    WAREHOUSE_LEAD_EMAIL: z.email().default('warehouse-lead@example.no'),
  })
  .superRefine((c, ctx) => {
    const pair = [c.TEMPORAL_TLS_CERT_PATH, c.TEMPORAL_TLS_KEY_PATH];
    if (pair.filter(Boolean).length === 1) {
      ctx.addIssue({
        code: 'custom',
        path: [c.TEMPORAL_TLS_CERT_PATH ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH'],
        message: 'mTLS needs both TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH',
      });
    }
    if (c.CARRIER === 'bring') {
      for (const name of ['BRING_API_UID', 'BRING_API_KEY', 'BRING_CUSTOMER_NUMBER'] as const) {
        if (!c[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required when CARRIER=bring' });
      }
    }
    if (c.SMTP_USER && !c.SMTP_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_PASSWORD'], message: 'required when SMTP_USER is set' });
    }
    const hmac = c.AUTH_JWT_ALGORITHM?.startsWith('HS') ?? !c.AUTH_JWKS_URL;
    if (c.AUTH_JWKS_URL && hmac) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_ALGORITHM'], message: 'a JWKS needs an asymmetric algorithm (RS256, ES256, …)' });
    }
    if (!c.AUTH_JWKS_URL && !hmac) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWKS_URL'], message: `required for ${c.AUTH_JWT_ALGORITHM}` });
    }
    if (c.OIDC_ISSUER_URL) {
      for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
        if (!c[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required when OIDC_ISSUER_URL is set' });
      }
      if (!c.OIDC_REDIRECT_URL && !c.PUBLIC_BASE_URL) {
        ctx.addIssue({ code: 'custom', path: ['OIDC_REDIRECT_URL'], message: 'set it (or PUBLIC_BASE_URL) when OIDC_ISSUER_URL is set' });
      }
    } else if (c.OIDC_CLIENT_ID || c.OIDC_CLIENT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUER_URL'], message: 'required when OIDC_CLIENT_ID or OIDC_CLIENT_SECRET is set' });
    }
    if (c.STRIPE_PUBLISHABLE_KEY && !c.STRIPE_SECRET_KEY) {
      ctx.addIssue({ code: 'custom', path: ['STRIPE_SECRET_KEY'], message: 'required when STRIPE_PUBLISHABLE_KEY is set (the holds are placed with it)' });
    }
    const modeOf = (key: string | undefined) => key?.match(/^[a-z]+_(test|live)_/)?.[1];
    if (c.STRIPE_PUBLISHABLE_KEY && c.STRIPE_SECRET_KEY && modeOf(c.STRIPE_PUBLISHABLE_KEY) !== modeOf(c.STRIPE_SECRET_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['STRIPE_PUBLISHABLE_KEY'], message: 'test and live keys must not be mixed: use the pair from one Stripe mode' });
    }
    if (c.NODE_ENV === 'production') {
      if (c.AUTHENTICATION_WAIT_SECONDS !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['AUTHENTICATION_WAIT_SECONDS'],
          message: 'for tests and demos only: in production the policy’s authenticationWaitMinutes applies',
        });
      }
      if (c.STRIPE_SECRET_KEY && !c.STRIPE_PUBLISHABLE_KEY) {
        ctx.addIssue({
          code: 'custom',
          path: ['STRIPE_PUBLISHABLE_KEY'],
          message: 'required in production with STRIPE_SECRET_KEY: the portal’s card step needs it',
        });
      }
      if (!c.AUTH_JWKS_URL && !c.AUTH_JWT_SECRET) {
        ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_SECRET'], message: 'required in production unless AUTH_JWKS_URL is set' });
      }
      if (c.AUTH_JWT_SECRET === DEV_AUTH_JWT_SECRET) {
        ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_SECRET'], message: 'the development default must not be used in production' });
      }
      if (c.DEMO_STOCK_UNITS > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['DEMO_STOCK_UNITS'],
          message: 'demo stock is for the embedded default only; receive real stock through the warehouse API',
        });
      }
      if (!c.CARRIER_WEBHOOK_SECRET || c.CARRIER_WEBHOOK_SECRET === DEV_CARRIER_WEBHOOK_SECRET) {
        ctx.addIssue({ code: 'custom', path: ['CARRIER_WEBHOOK_SECRET'], message: 'set a secret shared with the carrier in production' });
      }
    }
  })
  .transform((c) => ({
    ...c,
    AUTH_JWT_SECRET: c.AUTH_JWT_SECRET ?? (c.AUTH_JWKS_URL || c.NODE_ENV === 'production' ? undefined : DEV_AUTH_JWT_SECRET),
    AUTH_JWT_ALGORITHM: c.AUTH_JWT_ALGORITHM ?? (c.AUTH_JWKS_URL ? 'RS256' : 'HS256'),
    CARRIER_WEBHOOK_SECRET: c.CARRIER_WEBHOOK_SECRET ?? DEV_CARRIER_WEBHOOK_SECRET,
    OIDC_REDIRECT_URL: c.OIDC_REDIRECT_URL ?? (c.OIDC_ISSUER_URL && c.PUBLIC_BASE_URL ? `${c.PUBLIC_BASE_URL.replace(/\/$/, '')}/auth/callback` : undefined),
  }));

export type Config = z.infer<typeof configSchema>;

/** Payments go to Stripe when its secret key is set, to the sandbox otherwise. */
export const paymentProviderOf = (config: Pick<Config, 'STRIPE_SECRET_KEY'>): PaymentProvider => (config.STRIPE_SECRET_KEY ? 'stripe' : 'sandbox');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing every bad variable and what it expects. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings are how shells and compose files say "unset".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((i) => {
      const name = i.path.join('.') || '(environment)';
      const got = typeof i.path[0] === 'string' && cleaned[i.path[0]] !== undefined ? ` (got "${cleaned[i.path[0]]}")` : '';
      return `${name}: ${i.message}${got}`;
    }),
  );
}

/** Entry points call this: a bad configuration is reported plainly and the process exits 78 (EX_CONFIG). */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}
