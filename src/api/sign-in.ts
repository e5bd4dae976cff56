// Sign-in for the portal and the staff console: the pages and redirects under /auth, and /r/:id,
// the link emails carry to a replacement. Two modes: OpenID Connect when OIDC_ISSUER_URL is set;
// otherwise, in the embedded default only (the development secret, NODE_ENV not production), a
// development page where one picks a role and a name. Either way the browser ends up with the same
// kind of session (sessions.ts).
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import { DEV_AUTH_JWT_SECRET, type Config } from '../config';
import { safeReturnTo } from '../domain/session';
import { LOCALES, ROLES, type Locale, type Role, type SessionMode } from '../domain/vocabulary';
import { OidcSignIn, oidcConfigOf } from './oidc';
import { problem, ProblemError } from './problem';
import { serviceNumberSchema } from './schemas';
import { assertNotCrossSite, type BrowserSessions } from './sessions';
import { devSignInPage, signInRefusedPage } from './sign-in-page';

const MAX_NAME_LENGTH = 100;
const formParser = express.urlencoded({ extended: false, limit: '8kb', type: () => true });

/** How browsers sign in here, or null when they cannot (tokens only). */
export function signInMode(config: Config): SessionMode | null {
  if (oidcConfigOf(config)) return 'oidc';
  if (config.AUTH_JWT_SECRET === DEV_AUTH_JWT_SECRET && config.NODE_ENV !== 'production') return 'dev';
  return null;
}

const notConfigured = (what: string) =>
  problem(
    'not-found',
    `${what} is not available: this service signs browsers in through OpenID Connect when OIDC_ISSUER_URL is set, and through the development sign-in page only in the embedded default (the development AUTH_JWT_SECRET, NODE_ENV other than production).`,
  );

const langOf = (req: Request): Locale => {
  const lang = req.query.lang;
  return typeof lang === 'string' && (LOCALES as readonly string[]).includes(lang) ? (lang as Locale) : 'nb';
};

function noStore(res: Response) {
  res.setHeader('Cache-Control', 'no-store');
}

function devIdentity(body: unknown): { role: Role; name: string } {
  const form = (body ?? {}) as Record<string, unknown>;
  const errors: { path: string; message: string }[] = [];
  const role = form.role;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) errors.push({ path: 'role', message: `must be one of ${ROLES.join(', ')}` });
  const name = typeof form.name === 'string' ? form.name.trim() : '';
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
    errors.push({ path: 'name', message: `must be 1 to ${MAX_NAME_LENGTH} characters, without control characters` });
  }
  if (errors.length > 0) throw problem('validation-error', 'The sign-in form is incomplete; see `errors`.', { errors });
  return { role: role as Role, name };
}

/** A browser that navigated to a sign-in page gets its refusal as a page; other clients get the problem. */
const refusalAsPage: ErrorRequestHandler = (err, req, res, next) => {
  if (!(err instanceof ProblemError) || req.method !== 'GET' || req.accepts(['json', 'problem+json', 'html']) !== 'html') return next(err);
  for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
  res.status(err.status).type('html').send(signInRefusedPage(err.title, err.message));
};

export function signInRouter(config: Config, sessions: BrowserSessions): Router {
  const mode = signInMode(config);
  const oidcConfig = oidcConfigOf(config);
  const oidc = oidcConfig ? new OidcSignIn(oidcConfig) : undefined;
  const router = express.Router();

  router.get('/auth/sign-in', async (req, res) => {
    noStore(res);
    const returnTo = safeReturnTo(req.query.returnTo);
    if (oidc) {
      const { pending, url } = await oidc.start(returnTo);
      await sessions.begin(req, res, pending, 'oidc');
      res.redirect(303, url);
      return;
    }
    if (mode !== 'dev') throw notConfigured('Sign-in');
    res.type('html').send(devSignInPage(langOf(req), returnTo));
  });

  router.post('/auth/dev-sign-in', async (req, res) => {
    noStore(res);
    if (mode !== 'dev') throw notConfigured('The development sign-in');
    assertNotCrossSite(req, config.PUBLIC_BASE_URL);
    if (!req.is('application/x-www-form-urlencoded')) {
      throw problem('unsupported-media-type', 'Post the sign-in form as application/x-www-form-urlencoded (fields role, name, returnTo).');
    }
    await new Promise<void>((resolve, reject) => formParser(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
    const { role, name } = devIdentity(req.body);
    // The name is the subject, as with `npm run token -- --sub <name>`: the same customer sees the same replacements.
    await sessions.signIn(req, res, { sub: name, role, name, mode: 'dev' });
    res.redirect(303, safeReturnTo((req.body as Record<string, unknown>).returnTo));
  });

  router.get('/auth/callback', async (req, res) => {
    noStore(res);
    if (!oidc) throw notConfigured('The OpenID Connect callback');
    const pending = await sessions.takePending(req);
    if (!pending) {
      throw problem(
        'bad-request',
        'This sign-in cannot be finished: it was started in another browser, took longer than 10 minutes, or was already used. Start again at /auth/sign-in.',
      );
    }
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const identity = await oidc.finish(query, pending);
    await sessions.signIn(req, res, { ...identity, mode: 'oidc' });
    res.redirect(303, pending.returnTo);
  });

  router.post('/auth/sign-out', async (req, res) => {
    noStore(res);
    await sessions.signOut(req, res);
    res.redirect(303, '/');
  });

  // The link in a customer's emails. Not a capability like the label link: the page shows personal
  // data and offers actions, so it asks for a sign-in first and then lands on the replacement.
  router.get('/r/:serviceNumber', async (req, res) => {
    noStore(res);
    const parsed = serviceNumberSchema.safeParse(req.params.serviceNumber);
    if (!parsed.success) throw problem('not-found', `No replacement has the service number ${req.params.serviceNumber}.`);
    const lang = typeof req.query.lang === 'string' && (LOCALES as readonly string[]).includes(req.query.lang) ? `lang=${req.query.lang}` : '';
    const page = `/replacements/${encodeURIComponent(parsed.data)}${lang ? `?${lang}` : ''}`;
    if (await sessions.current(req)) {
      res.redirect(303, page);
      return;
    }
    res.redirect(303, `/auth/sign-in?returnTo=${encodeURIComponent(page)}${lang ? `&${lang}` : ''}`);
  });

  router.use(refusalAsPage);
  return router;
}
