// Turns the route table into Express routes. Every request runs the same pipeline in the same
// order — authenticate, authorize, rate-limit, validate path and query, read and validate the body,
// handle — so no route can skip a step, and authorization is decided before any input is parsed.
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { z } from 'zod';
import { ROLES, type Authenticator, type Principal } from './auth';
import { fieldErrors, problem, sendProblem } from './problem';
import type { TokenBucketLimiter } from './rate-limit';
import { authenticateRequest, type BrowserSessions } from './sessions';
import { isRoleList, type RouteSpec } from './route-table';
import type { ApiServices } from './services';

export const BODY_LIMIT_BYTES = 64 * 1024;

const jsonParser = express.json({ limit: BODY_LIMIT_BYTES, strict: true, type: () => true });
const rawParser = express.raw({ limit: BODY_LIMIT_BYTES, type: () => true });

function run(parser: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => parser(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
}

const hasBody = (req: Request) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** Refuses a table that would register an unprotected or ambiguous route. */
export function assertRouteTable(routes: readonly RouteSpec[]): void {
  const seen = new Set<string>();
  for (const r of routes) {
    const key = `${r.method.toUpperCase()} ${r.path}`;
    if (seen.has(key)) throw new Error(`route table: ${key} is declared twice`);
    seen.add(key);
    const rolesOk =
      r.roles === 'public' ||
      r.roles === 'signed' ||
      (Array.isArray(r.roles) && r.roles.length > 0 && r.roles.every((role) => (ROLES as readonly string[]).includes(role)));
    if (!rolesOk) throw new Error(`route table: ${key} has no valid roles rule`);
    if (r.bodySchema && r.rawBody) throw new Error(`route table: ${key} declares both a JSON and a raw body`);
    if (r.roles === 'signed' && !r.rawBody) throw new Error(`route table: ${key} is signed but does not keep the raw body`);
  }
}

async function readJsonBody(req: Request, res: Response, spec: RouteSpec): Promise<unknown> {
  if (!hasBody(req)) {
    if (spec.bodyOptional) return {};
    throw problem('bad-request', 'This operation needs a JSON request body (Content-Type: application/json).');
  }
  if (!req.is(['application/json', 'application/*+json'])) {
    throw problem('unsupported-media-type', `Send the body as application/json; got ${req.get('content-type') ?? 'no Content-Type'}.`);
  }
  await run(jsonParser, req, res);
  const nul = findNul(req.body);
  if (nul !== null) {
    // PostgreSQL text and jsonb cannot hold U+0000; refused here rather than failing a later write.
    throw problem('validation-error', 'The request body contains a NUL character (\\u0000), which is not allowed in any field.', {
      errors: [{ path: nul || '(root)', message: 'must not contain the NUL character \\u0000' }],
    });
  }
  return req.body;
}

/**
 * Path of the first string (or key) holding U+0000, or null. Iterative: a body may nest thousands of
 * levels deep before the schema gets to refuse it.
 */
function findNul(body: unknown): string | null {
  interface Node {
    value: unknown;
    key: string;
    parent: Node | null;
  }
  // Paths are built only for a hit, from parent links: building one per node is quadratic in depth.
  const pathOf = (n: Node, key?: string) => {
    const parts = key === undefined ? [] : [key];
    for (let at: Node | null = n; at && at.parent; at = at.parent) parts.push(at.key);
    return parts.reverse().join('.');
  };
  const stack: Node[] = [{ value: body, key: '', parent: null }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { value } = node;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return pathOf(node);
    } else if (value !== null && typeof value === 'object') {
      const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        if (key.includes('\u0000')) return pathOf(node, key);
        stack.push({ value: child, key, parent: node });
      }
    }
  }
  return null;
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, onError: (e: z.ZodError) => Error): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw onError(parsed.error);
  return parsed.data;
}

export interface PipelineDeps {
  services: ApiServices;
  authenticator: Authenticator;
  customerLimiter: TokenBucketLimiter;
  /** Browser sessions (the er_session cookie); without them only bearer tokens authenticate. */
  sessions?: BrowserSessions;
}

function pipeline(spec: RouteSpec, { services, authenticator, customerLimiter, sessions }: PipelineDeps): RequestHandler {
  return async (req, res) => {
    res.locals.route = spec.path;

    let principal: Principal | null = null;
    if (isRoleList(spec.roles)) {
      principal = await authenticateRequest(req, res, authenticator, sessions);
      if (!spec.roles.includes(principal.role)) {
        throw problem('forbidden', `${spec.method.toUpperCase()} ${spec.path} is for ${spec.roles.join(', ')}; your role is ${principal.role}.`);
      }
      if (principal.role === 'customer') {
        const decision = customerLimiter.take(principal.sub);
        if (!decision.allowed) {
          throw problem('rate-limited', `Too many requests; try again in ${decision.retryAfterSeconds} s.`, {
            headers: { 'Retry-After': String(decision.retryAfterSeconds) },
          });
        }
      }
    }

    // A path parameter that cannot name anything is simply not found.
    const params = spec.paramsSchema
      ? parseWith(spec.paramsSchema, { ...req.params }, () => problem('not-found', `No resource at ${req.path}.`))
      : ({ ...req.params } as Record<string, string>);
    const query = spec.querySchema
      ? parseWith(spec.querySchema, { ...(req.query as object) }, (e) =>
          problem('invalid-query', 'Some query parameters are invalid.', { errors: fieldErrors(e, 'query') }),
        )
      : undefined;

    let body: unknown;
    if (spec.bodySchema) {
      const raw = await readJsonBody(req, res, spec);
      body = parseWith(spec.bodySchema, raw, (e) => problem('validation-error', 'The request body is invalid; see `errors`.', { errors: fieldErrors(e) }));
    } else if (spec.rawBody) {
      await run(rawParser, req, res);
      body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    }

    await spec.handler({ req, res, principal, body, query, params, services });
  };
}

export function registerRoutes(router: Router, routes: readonly RouteSpec[], deps: PipelineDeps): void {
  assertRouteTable(routes);
  for (const spec of routes) router[spec.method](spec.path, pipeline(spec, deps));

  // A known path with another method: 405 with the methods it does support.
  const methodsByPath = new Map<string, Set<string>>();
  for (const r of routes) {
    const methods = methodsByPath.get(r.path) ?? new Set<string>();
    methods.add(r.method.toUpperCase());
    if (r.method === 'get') methods.add('HEAD');
    methodsByPath.set(r.path, methods);
  }
  for (const [path, methods] of methodsByPath) {
    router.all(path, (req, res) => {
      const allow = [...methods].join(', ');
      res.setHeader('Allow', allow);
      sendProblem(req, res, problem('method-not-allowed', `${req.method} is not supported on ${req.path}; use ${allow}.`));
    });
  }
}
