// RFC 9457 problem details: every error the API returns has this shape and media type.
// Clients branch on `type` (stable), people read `title` and `detail`.
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types this API uses; each is documented at `/docs#problem-<slug>`. */
export const PROBLEM_TYPES = {
  'malformed-json': { status: 400, title: 'Malformed JSON' },
  'bad-request': { status: 400, title: 'Bad request' },
  'invalid-query': { status: 400, title: 'Invalid query parameters' },
  'invalid-signature': { status: 400, title: 'Invalid webhook signature' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  csrf: { status: 403, title: 'Cross-site request refused' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict with the replacement’s state' },
  'insufficient-stock': { status: 409, title: 'The stock cannot change that way' },
  'device-has-open-replacement': { status: 409, title: 'The device already has an open replacement' },
  'too-many-open-replacements': { status: 409, title: 'The most open replacements allowed at once' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'validation-error': { status: 422, title: 'Validation failed' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency key reused with a different request' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const;

export type ProblemSlug = keyof typeof PROBLEM_TYPES;

export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemOptions {
  detail: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** Extension members (RFC 9457 §3.2). */
  extensions?: Record<string, unknown>;
}

export class ProblemError extends Error {
  readonly status: number;
  readonly title: string;
  readonly errors?: FieldError[];
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(
    readonly slug: ProblemSlug,
    options: ProblemOptions,
  ) {
    super(options.detail);
    this.name = 'ProblemError';
    this.status = PROBLEM_TYPES[slug].status;
    this.title = PROBLEM_TYPES[slug].title;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }
}

export const problem = (slug: ProblemSlug, detail: string, rest: Omit<ProblemOptions, 'detail'> = {}) => new ProblemError(slug, { detail, ...rest });

export const problemSchema = z
  .object({
    type: z.string().describe('URI reference identifying the problem type; stable, branch on it'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().describe('The request path'),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  // RFC 9457 §3.2 extension members (`existingId`, `checks`, …) are part of the contract.
  .catchall(z.unknown());

export function problemTypeUri(slug: ProblemSlug): string {
  return `/docs#problem-${slug}`;
}

function requestIdOf(req: Request): string | undefined {
  return typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : undefined;
}

export function sendProblem(req: Request, res: Response, p: ProblemError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  for (const [name, value] of Object.entries(p.headers)) res.setHeader(name, value);
  res
    .status(p.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify({
        type: problemTypeUri(p.slug),
        title: p.title,
        status: p.status,
        detail: p.message,
        instance: req.originalUrl.split('?')[0],
        requestId: requestIdOf(req),
        ...p.extensions,
        ...(p.errors ? { errors: p.errors } : {}),
      }),
    );
}

/** zod issues → `errors[]` with dotted paths (`shippingAddress.postalCode`, `items.0.sku`). */
export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  const join = (path: readonly PropertyKey[]) => [prefix, path.map(String).join('.')].filter(Boolean).join('.') || '(root)';
  return error.issues.flatMap((issue) =>
    // An unknown field is reported at the field itself, so a client can point at it.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((k) => ({ path: join([...issue.path, k]), message: 'unknown field' }))
      : [{ path: join(issue.path), message: issue.message }],
  );
}

/** Errors from body-parser and the router carry a 4xx `status`; they are the client's doing. */
function clientErrorFromLibrary(err: unknown): ProblemError | null {
  const e = err as { type?: string; status?: number; statusCode?: number; limit?: number };
  const status = e?.status ?? e?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  switch (e.type) {
    case 'entity.parse.failed':
      return problem('malformed-json', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return problem('payload-too-large', `The request body exceeds the limit of ${e.limit ?? 'the allowed'} bytes.`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem('unsupported-media-type', 'The request body’s encoding or charset is not supported; send UTF-8 JSON.');
    case 'request.aborted':
    case 'request.size.invalid':
      return problem('bad-request', 'The request body was incomplete.');
  }
  if (status === 413) return problem('payload-too-large', 'The request body is too large.');
  if (status === 415) return problem('unsupported-media-type', 'The request’s media type is not supported.');
  if (status === 404) return problem('not-found', 'No such resource.');
  return problem('bad-request', 'The request could not be understood.');
}

/**
 * Last middleware: known problems as they are, client mistakes as 4xx, `translate`d dependency
 * failures (Temporal) as their problem, everything else a logged 500.
 */
export function problemErrorHandler(logger: Logger, translate: (err: unknown) => ProblemError | null = () => null): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof ProblemError) return sendProblem(req, res, err);
    const known = clientErrorFromLibrary(err) ?? translate(err);
    if (known) {
      if (known.status >= 500) (req.log ?? logger).warn({ err, requestId: requestIdOf(req) }, known.message);
      return sendProblem(req, res, known);
    }
    (req.log ?? logger).error({ err, requestId: requestIdOf(req) }, 'unhandled error');
    sendProblem(req, res, problem('internal', `Something went wrong on our side. Quote request id ${requestIdOf(req) ?? 'unknown'} when contacting support.`));
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(req, res, problem('not-found', `No route matches ${req.method} ${req.path}.`));
};
