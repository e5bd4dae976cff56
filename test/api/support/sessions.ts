// Browser-session helpers for the API tests: the er_session cookie out of a response, and its flags.
import type { Response } from 'supertest';

export const SESSION_COOKIE = 'er_session';

/** The Set-Cookie line for er_session, or undefined. */
export function sessionSetCookie(res: Response): string | undefined {
  const raw = res.headers['set-cookie'] as unknown;
  const lines = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  return lines.find((l) => l.startsWith(`${SESSION_COOKIE}=`));
}

/** The er_session value a response set (fails the test when it set none). */
export function sessionIdOf(res: Response): string {
  const line = sessionSetCookie(res);
  if (!line) throw new Error(`no ${SESSION_COOKIE} cookie in ${JSON.stringify(res.headers['set-cookie'])}`);
  return line.slice(SESSION_COOKIE.length + 1).split(';')[0];
}

/** The attributes of a Set-Cookie line, lower-cased names: `{ httponly: '', samesite: 'Lax', … }`. */
export function cookieAttributes(line: string): Record<string, string> {
  return Object.fromEntries(
    line
      .split(';')
      .slice(1)
      .map((a) => a.trim().split('='))
      .map(([k, v]) => [k.toLowerCase(), v ?? '']),
  );
}

export const cookie = (id: string) => `${SESSION_COOKIE}=${id}`;
