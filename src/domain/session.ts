// Rules of a browser session: when it ends (idle or absolute timeout), where a sign-in may send
// the browser afterwards, and which role an identity provider's claims give.
import { ROLES, type Role } from './vocabulary';

export interface SessionClock {
  /** Last request the session made (epoch ms). */
  lastSeenAt: number;
  /** The absolute end, fixed at sign-in (epoch ms). */
  expiresAt: number;
}

/** When the session ends if nothing else happens: the idle end or the absolute end, whichever is first. */
export function sessionEndsAt(session: SessionClock, idleMs: number): number {
  return Math.min(session.lastSeenAt + idleMs, session.expiresAt);
}

/** Why the session can no longer be used at `now`, for the person reading the 401; null while it is live. */
export function sessionRefusal(session: SessionClock, now: number, idleMs: number): string | null {
  if (now >= session.expiresAt) return 'Your session has reached its maximum length; sign in again.';
  if (now >= session.lastSeenAt + idleMs) return 'Your session ended after a period of inactivity; sign in again.';
  return null;
}

export const DEFAULT_RETURN_TO = '/';
const MAX_RETURN_TO_LENGTH = 2000;

/**
 * Where to send the browser after sign-in: a path on this service only. Anything that could leave
 * the origin (`//host`, `/\host`, a scheme, control characters) becomes `/`.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RETURN_TO_LENGTH) return DEFAULT_RETURN_TO;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return DEFAULT_RETURN_TO;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return DEFAULT_RETURN_TO;
  return value;
}

/** The claim at a dotted path (`role`, `realm_access.roles`). */
function claimAt(claims: Record<string, unknown>, path: string): unknown {
  let at: unknown = claims;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/**
 * The role an identity provider's claims give: the claim at `path` is one role, or a list whose
 * first known role counts. Null when it names no role this service knows.
 */
export function roleFromClaims(claims: Record<string, unknown>, path: string): Role | null {
  const value = claimAt(claims, path);
  if (isRole(value)) return value;
  if (Array.isArray(value)) return value.find(isRole) ?? null;
  return null;
}
