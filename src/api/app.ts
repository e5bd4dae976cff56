// The HTTP API as an Express app, built from injected dependencies so tests and the server
// assemble it the same way.
import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import type { StockRoom } from '../ports/inventory';
import type { ReadModel } from '../ports/read-model';
import { paymentProviderOf, type Config } from '../config';
import type { DeviceClaims } from '../ports/devices';
import type { SessionStore } from '../ports/sessions';
import type { PaymentChallenge } from '../ports/payment-challenge';
import type { PolicyVersion } from '../domain/types';
import { createAuthenticator } from './auth';
import { DOCS_ASSETS_PATH, docsAssets } from './docs-assets';
import { createMetrics } from './metrics';
import { notFoundHandler, problemErrorHandler } from './problem';
import { TokenBucketLimiter } from './rate-limit';
import { registerRoutes } from './register-routes';
import { ReplacementService } from './replacement-service';
import { FinanceActionService } from './finance-action-service';
import { requestLogging } from './request-logging';
import { ROUTES } from './routes';
import { BrowserSessions } from './sessions';
import { signInRouter } from './sign-in';
import { sandboxChallengeRouter } from './sandbox-challenge';
import type { LedgerReader } from '../ports/ledger';
import type { WebhookClaims } from '../ports/webhook-claims';
import type { ApiServices, CarrierLookup, DatabaseProbe, ParseCarrierWebhook, VerifyStripeEvent } from './services';
import { problemFromTemporal } from './temporal-errors';
import { webPortal } from './web-portal';

export interface AppDeps {
  config: Config;
  temporal: Client;
  /** Staff lists, finance totals and the ledger are read from the database the worker writes. */
  ledger: LedgerReader;
  readModel: ReadModel;
  /** Finance's refunds and collection retries as the worker recorded them. */
  financeActions: ApiServices['financeActionLog'];
  /** The warehouse's stock (the worker reserves and ships from the same tables). */
  stock: StockRoom;
  /** Claims on devices: one open replacement per serial number, across API instances. */
  deviceClaims: DeviceClaims;
  devices: ApiServices['devices'];
  /** The policy table (limits in force); the shipped POLICY_VERSIONS unless given. */
  policyVersions?: readonly PolicyVersion[];
  webhooks: WebhookClaims;
  findings: ApiServices['findings'];
  sentEmails: ApiServices['sentEmails'];
  /** Browser sessions (the portal and the staff console sign in; machines keep bearer tokens). */
  sessions: SessionStore;
  /** Probed by /readyz (`SELECT 1`). */
  database: DatabaseProbe;
  logger: Logger;
  /** Maps a tracking number to its service number, for carrier events that do not carry one. */
  carrier?: CarrierLookup;
  /** The carrier's own push format for the carrier webhook; without it the service's signed batch format. */
  parseCarrierWebhook?: ParseCarrierWebhook;
  /** Stripe webhook verification; without it the Stripe webhook answers 503. */
  verifyStripeEvent?: VerifyStripeEvent;
  /** Wall clock (webhook signature age, catalog policy, report defaults). */
  now?: () => number;
  /** Key set for JWKS verification, instead of fetching AUTH_JWKS_URL. */
  jwks?: JWTVerifyGetKey;
  /** The payment sandbox's 3-D Secure challenge, served at /sandbox/3ds/:authorizationId; absent with a real provider. */
  paymentChallenge?: PaymentChallenge;
  /** Set by the server while draining: readiness fails and connections are not kept alive. */
  isShuttingDown?: () => boolean;
  /** The customer portal's built files; web/dist unless given. */
  webDist?: string;
}

export function createApp(deps: AppDeps): Express {
  const now = deps.now ?? Date.now;
  const metrics = createMetrics();
  const isShuttingDown = deps.isShuttingDown ?? (() => false);
  const services: ApiServices = {
    config: deps.config,
    temporal: deps.temporal,
    replacements: new ReplacementService(deps.temporal, deps.config.TEMPORAL_TASK_QUEUE, metrics, deps.readModel, deps.deviceClaims, deps.policyVersions),
    financeActions: new FinanceActionService(deps.temporal, deps.config.TEMPORAL_TASK_QUEUE),
    financeActionLog: deps.financeActions,
    ledger: deps.ledger,
    readModel: deps.readModel,
    stock: deps.stock,
    devices: deps.devices,
    webhooks: deps.webhooks,
    findings: deps.findings,
    sentEmails: deps.sentEmails,
    database: deps.database,
    logger: deps.logger,
    metrics,
    now,
    carrier: deps.carrier,
    parseCarrierWebhook: deps.parseCarrierWebhook,
    verifyStripeEvent: deps.verifyStripeEvent,
    isShuttingDown,
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  app.use((req, res, next) => {
    const stop = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => stop({ route: (res.locals.route as string | undefined) ?? '(unmatched)', status: String(res.statusCode) }));
    if (isShuttingDown()) res.setHeader('Connection', 'close');
    next();
  });
  app.use(requestLogging(deps.logger));
  app.use(helmet());
  // The docs page loads its script and styles from this origin by relative URL. Upgrading those
  // requests to https gains nothing and leaves the page blank when the API is reached over plain
  // HTTP on an address other than loopback (compose on another host); the rest of the policy stays.
  app.get('/docs', helmet.contentSecurityPolicy({ directives: { upgradeInsecureRequests: null } }));
  // The docs page's static files: not API operations, so not in the route table or the OpenAPI document.
  app.use(DOCS_ASSETS_PATH, docsAssets());
  if (deps.paymentChallenge) app.use(sandboxChallengeRouter(deps.paymentChallenge, { publicBaseUrl: deps.config.PUBLIC_BASE_URL }));

  const sessions = new BrowserSessions(
    deps.sessions,
    { idleMinutes: deps.config.SESSION_IDLE_MINUTES, absoluteHours: deps.config.SESSION_ABSOLUTE_HOURS, publicBaseUrl: deps.config.PUBLIC_BASE_URL },
    now,
  );
  app.use(signInRouter(deps.config, sessions));

  const router = express.Router();
  registerRoutes(router, ROUTES, {
    sessions,
    services,
    authenticator: createAuthenticator(deps.config, { jwks: deps.jwks }),
    customerLimiter: new TokenBucketLimiter(deps.config.RATE_LIMIT_CUSTOMER_PER_MINUTE, deps.config.RATE_LIMIT_CUSTOMER_PER_MINUTE, now),
  });
  app.use(router);
  // The customer portal on the same origin, after every API route (DESIGN §9).
  app.use(webPortal(deps.webDist, { stripe: paymentProviderOf(deps.config) === 'stripe' }));
  app.use(notFoundHandler);
  app.use(problemErrorHandler(deps.logger, problemFromTemporal));
  return app;
}
