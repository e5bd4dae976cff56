// Browser sessions: the er_session cookie (a random id; the store keeps only its hash), the idle and
// absolute timeouts, and the cross-site request checks for cookie-authenticated writes. Requests
// with `Authorization: Bearer` never reach this (machines and scripts keep their tokens).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { sessionEndsAt, sessionRefusal } from '../domain/session';
import type { Role, SessionMode } from '../domain/vocabulary';
import type { PendingSignIn, SessionStore, SignedInSession } from '../ports/sessions';
import { unauthenticated, type Authenticator, type Principal } from './auth';
import { problem } from './problem';

export const SESSION_COOKIE = 'er_session';
export const CSRF_HEADER = 'X-CSRF-Token';
/** How long a sign-in at the identity provider may take before its callback is refused. */
export const PENDING_SIGN_IN_MS = 10 * 60_000;

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export const hashSessionId = (id: string) => createHash('sha256').update(id).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

/** The er_session cookie's value when it has the shape of a session id. */
export function sessionIdFrom(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (SESSION_ID.test(value)) return value;
  }
  return undefined;
}

const hasSessionCookie = (req: Request) => (req.headers.cookie ?? '').split(';').some((p) => p.split('=')[0].trim() === SESSION_COOKIE);

/** Secure except over plain http to this machine, where a browser would not send it back. */
export function cookieOptions(req: Request, maxAgeMs?: number): CookieOptions {
  const secure = !(req.protocol === 'http' && LOOPBACK_HOSTS.has(req.hostname));
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', ...(maxAgeMs ? { maxAge: maxAgeMs } : {}) };
}

/** The origins this service answers on: PUBLIC_BASE_URL's and the one the request was addressed to. */
function serviceOrigins(req: Request, publicBaseUrl?: string): string[] {
  const origins = [`${req.protocol}://${req.get('host') ?? ''}`];
  if (publicBaseUrl) origins.push(new URL(publicBaseUrl).origin);
  return origins;
}

/** The browser says the request comes from a page of this service. */
export function isSameOrigin(req: Request, publicBaseUrl?: string): boolean {
  const site = req.get('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  const origin = req.get('origin');
  return origin !== undefined && serviceOrigins(req, publicBaseUrl).includes(origin);
}

/**
 * Refuses a sign-in form posted from another site (login CSRF). A request without Origin or
 * Sec-Fetch-Site is not a browser's and passes.
 */
export function assertNotCrossSite(req: Request, publicBaseUrl?: string): void {
  if (req.get('sec-fetch-site') === undefined && req.get('origin') === undefined) return;
  if (!isSameOrigin(req, publicBaseUrl))
    throw csrfRefusal('The sign-in form was posted from another site; open the sign-in page of this service and try again.');
}

const csrfRefusal = (detail: string) => problem('csrf', detail);

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given || expected.length === 0) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A session in use by the current request. */
export interface CurrentSession extends SignedInSession {
  /** When it ends if unused from now on. */
  endsAt: number;
}

export interface SessionIdentity {
  sub: string;
  role: Role;
  name: string;
  mode: SessionMode;
}

export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
  publicBaseUrl?: string;
}

export class BrowserSessions {
  private readonly idleMs: number;
  private readonly absoluteMs: number;

  constructor(
    private readonly store: SessionStore,
    private readonly limits: SessionLimits,
    private readonly now: () => number,
  ) {
    this.idleMs = limits.idleMinutes * 60_000;
    this.absoluteMs = limits.absoluteHours * 3_600_000;
  }

  /**
   * Signs the browser in under a new session id. Whatever session the browser presented (a sign-in
   * in progress, someone else's, one planted by an attacker) is ended, never promoted.
   */
  async signIn(req: Request, res: Response, identity: SessionIdentity): Promise<void> {
    await this.endPresented(req);
    const id = randomToken();
    const at = this.now();
    await this.store.create(hashSessionId(id), { ...identity, csrfToken: randomToken(), createdAt: at, lastSeenAt: at, expiresAt: at + this.absoluteMs });
    res.cookie(SESSION_COOKIE, id, cookieOptions(req, this.absoluteMs));
  }

  /** Starts a sign-in at the identity provider: a session that holds only what the callback needs. */
  async begin(req: Request, res: Response, pending: PendingSignIn, mode: SessionMode): Promise<void> {
    await this.endPresented(req);
    const id = randomToken();
    const at = this.now();
    await this.store.createPending(hashSessionId(id), pending, mode, at, at + PENDING_SIGN_IN_MS);
    res.cookie(SESSION_COOKIE, id, cookieOptions(req, PENDING_SIGN_IN_MS));
  }

  /** The sign-in in progress this browser started, taken once. */
  async takePending(req: Request): Promise<PendingSignIn | null> {
    const id = sessionIdFrom(req);
    return id ? this.store.takePending(hashSessionId(id), this.now()) : null;
  }

  /** The live session the cookie names, or null; an expired one is deleted. Does not count as activity. */
  async current(req: Request): Promise<SignedInSession | null> {
    const id = sessionIdFrom(req);
    if (!id) return null;
    const found = await this.liveSession(hashSessionId(id));
    return 'session' in found ? found.session : null;
  }

  /**
   * The principal of a cookie-authenticated request. Unsafe methods must come from this origin and
   * carry the session's CSRF token (403 `csrf`); a missing, unknown or expired session is a 401.
   */
  async authenticate(req: Request): Promise<CurrentSession> {
    const unsafe = !SAFE_METHODS.has(req.method);
    if (unsafe && !isSameOrigin(req, this.limits.publicBaseUrl)) {
      throw csrfRefusal('A request signed in by the session cookie must come from this service’s own pages (Origin or Sec-Fetch-Site: same-origin).');
    }
    const id = sessionIdFrom(req);
    if (!id) throw unauthenticated('Your session is not valid; sign in again at /auth/sign-in.');
    const idHash = hashSessionId(id);
    const found = await this.liveSession(idHash);
    if ('refusal' in found) throw unauthenticated(found.refusal);
    if (unsafe && !sameToken(req.get(CSRF_HEADER), found.session.csrfToken)) {
      throw csrfRefusal(`Send the session’s CSRF token (from GET /v1/session) in the ${CSRF_HEADER} header.`);
    }
    const at = this.now();
    await this.store.touch(idHash, at);
    const lastSeenAt = Math.max(found.session.lastSeenAt, at);
    return { ...found.session, lastSeenAt, endsAt: sessionEndsAt({ ...found.session, lastSeenAt }, this.idleMs) };
  }

  /** Ends the browser's session and clears the cookie. Cookie-authenticated, so the CSRF rules apply. */
  async signOut(req: Request, res: Response): Promise<void> {
    if (hasSessionCookie(req)) {
      const session = await this.current(req);
      // With a live session the sign-out must be the user's own; a dead one has nothing left to protect.
      if (session) await this.authenticate(req);
      await this.endPresented(req);
    }
    res.clearCookie(SESSION_COOKIE, { ...cookieOptions(req), maxAge: undefined });
  }

  async deleteExpired(): Promise<number> {
    return this.store.deleteExpired(this.now());
  }

  private async endPresented(req: Request): Promise<void> {
    const id = sessionIdFrom(req);
    if (id) await this.store.delete(hashSessionId(id));
  }

  private async liveSession(idHash: string): Promise<{ session: SignedInSession } | { refusal: string }> {
    const session = await this.store.find(idHash);
    if (!session) return { refusal: 'Your session is unknown or has ended; sign in again at /auth/sign-in.' };
    const refusal = sessionRefusal(session, this.now(), this.idleMs);
    if (refusal) {
      await this.store.delete(idHash);
      return { refusal };
    }
    return { session };
  }
}

/**
 * Who is calling: the bearer token when there is an Authorization header (unchanged for machines),
 * else the session cookie when there is one, else the bearer's 401.
 */
export async function authenticateRequest(req: Request, res: Response, bearer: Authenticator, sessions: BrowserSessions | undefined): Promise<Principal> {
  const header = req.get('authorization');
  if (header === undefined && sessions && hasSessionCookie(req)) {
    const session = await sessions.authenticate(req);
    res.locals.session = session;
    return { sub: session.sub, role: session.role };
  }
  return bearer.authenticate(header);
}
