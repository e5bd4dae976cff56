// Who the caller is, for the portal and the staff console: the session the cookie names (with its
// CSRF token and end), or the bearer token's subject and role.
import type { HandlerContext } from '../route-table';
import type { CurrentSession } from '../sessions';

export function getSession({ res, principal }: HandlerContext<undefined, undefined>) {
  res.setHeader('Cache-Control', 'no-store');
  const session = res.locals.session as CurrentSession | undefined;
  if (session) {
    res.json({
      sub: session.sub,
      role: session.role,
      name: session.name,
      csrfToken: session.csrfToken,
      mode: session.mode,
      expiresAt: new Date(session.endsAt).toISOString(),
    });
    return;
  }
  res.json({ sub: principal!.sub, role: principal!.role, name: principal!.sub });
}
