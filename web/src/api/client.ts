// The typed API client (openapi-fetch over the generated schema) and the session it runs in.
// Same origin: the session cookie travels by itself; every unsafe call adds the session's CSRF token.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Replacement = components['schemas']['Replacement'];
/** What the browser must do to complete a card's 3-D Secure (present while the hold needs it). */
export type NextAction = NonNullable<Replacement['hold']['nextAction']>;
export type Catalog = components['schemas']['Catalog'];
export type CatalogItem = Catalog['items'][number];
export type Problem = components['schemas']['Problem'];
export type CreateBody = paths['/v1/replacements']['post']['requestBody']['content']['application/json'];

export interface Session {
  sub: string;
  role: 'customer' | 'warehouse' | 'finance' | 'admin';
  name: string;
  csrfToken?: string;
  mode: 'dev' | 'oidc';
  expiresAt: string;
}

let csrfToken: string | undefined;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const csrf: Middleware = {
  onRequest({ request }) {
    if (UNSAFE.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(csrf);

/** Thrown for an answer that is a problem document; `problem.errors` carries per-field messages. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

/** The session, or null when there is none (401) or sign-in is not offered here (404). */
export async function fetchSession(): Promise<Session | null> {
  const res = await fetch('/v1/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (res.status === 401 || res.status === 404) {
    csrfToken = undefined;
    return null;
  }
  if (!res.ok) throw new ApiProblem(res.status, (await res.json().catch(() => ({}))) as Partial<Problem>);
  const session = (await res.json()) as Session;
  csrfToken = session.csrfToken;
  return session;
}

export const signInHref = (returnTo: string) => `/auth/sign-in?returnTo=${encodeURIComponent(returnTo)}`;

/** Unwraps an openapi-fetch result: the data, or an ApiProblem. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data !== undefined && result.response.ok) return result.data;
  throw new ApiProblem(result.response.status, (result.error ?? {}) as Partial<Problem>);
}
