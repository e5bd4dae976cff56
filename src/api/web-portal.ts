// The customer portal's built files (web/dist, from `npm run build:web`) on the API's origin:
// the static files, and index.html for the portal's own client-side routes (`/`, `/request`,
// `/replacements/:id`, the staff console under `/console`). Mounted after the API routes, for GET and HEAD of paths that are not
// the API's; any other path falls through to the API's 404 problem.
import express, { type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import fs from 'node:fs';
import path from 'node:path';
import { problem } from './problem';

/** Paths that belong to the API (and its pages), never to the portal. */
const API_PREFIXES = ['/v1', '/docs', '/openapi.json', '/auth', '/healthz', '/readyz', '/metrics', '/sandbox'];

const isApiPath = (p: string) => API_PREFIXES.some((prefix) => p === prefix || p.startsWith(prefix + '/'));

/** The portal's client-side routes, answered with index.html; any other path stays a 404. */
const CLIENT_ROUTES = [/^\/$/, /^\/request\/?$/, /^\/replacements\/[A-Za-z0-9-]{1,64}\/?$/, /^\/console(\/[A-Za-z0-9-]{1,64}){0,3}\/?$/];

/** web/dist beside the sources (tsx) or beside the compiled dist/ tree. */
export function defaultWebDist(): string {
  const candidates = [path.resolve(__dirname, '..', '..', 'web', 'dist'), path.resolve(__dirname, '..', '..', '..', 'web', 'dist')];
  return candidates.find((c) => fs.existsSync(path.join(c, 'index.html'))) ?? candidates[0];
}

/**
 * Stripe.js is loaded from js.stripe.com and draws the card fields in its own frames; the sources
 * Stripe documents for the Payment Element and 3-D Secure, and nothing more, only when Stripe is on.
 */
const STRIPE_SOURCES = {
  scriptSrc: ["'self'", 'https://js.stripe.com', 'https://*.js.stripe.com'],
  frameSrc: ["'self'", 'https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  connectSrc: ["'self'", 'https://api.stripe.com'],
};

export interface WebPortalOptions {
  /** The card step is Stripe's Payment Element: the page's policy admits Stripe.js. */
  stripe?: boolean;
}

export function webPortal(distDir: string = defaultWebDist(), options: WebPortalOptions = {}): Router {
  const router = express.Router();
  const onlyPortal: RequestHandler = (req, _res, next) => ((req.method === 'GET' || req.method === 'HEAD') && !isApiPath(req.path) ? next() : next('router'));
  router.use(onlyPortal);
  if (options.stripe) router.use(helmet.contentSecurityPolicy({ directives: STRIPE_SOURCES }));
  // Hashed file names under /assets never change; index.html is always fetched fresh.
  router.use('/assets', express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  router.use(express.static(distDir, { index: false, maxAge: 0 }));
  router.use((req, res, next) => {
    if (!CLIENT_ROUTES.some((r) => r.test(req.path))) return next('router');
    const index = path.join(distDir, 'index.html');
    if (!fs.existsSync(index)) return next(problem('unavailable', 'The customer portal is not built: run `npm run build:web`.'));
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
