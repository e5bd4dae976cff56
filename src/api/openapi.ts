// OpenAPI 3.1 generated from the route table and its zod schemas (JSON Schema 2020-12, which is
// what OpenAPI 3.1 uses). Request schemas are rendered as their input side (before defaults and
// transforms), responses as their output side.
import { z } from 'zod';
import { ROLES } from '../domain/vocabulary';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, problemSchema } from './problem';
import { isRoleList, openApiPath, pathParams, type RouteSpec } from './route-table';
import {
  catalogSchema,
  createdReplacementSchema,
  createReplacementResponseSchema,
  dispatchQueueSchema,
  financeSummarySchema,
  findingsListSchema,
  holdsListSchema,
  incomingReturnsSchema,
  replacementListSchema,
  replacementViewSchema,
  webhookAckSchema,
} from './schemas';

type JsonSchema = Record<string, unknown>;

/** Response schemas shared by several operations become named components. */
const COMPONENTS = new Map<z.ZodType, string>([
  [problemSchema, 'Problem'],
  [replacementViewSchema, 'Replacement'],
  [createdReplacementSchema, 'CreatedReplacement'],
  [createReplacementResponseSchema, 'CreatedOrDecidedReplacement'],
  [replacementListSchema, 'ReplacementList'],
  [catalogSchema, 'Catalog'],
  [dispatchQueueSchema, 'DispatchQueue'],
  [incomingReturnsSchema, 'IncomingReturns'],
  [holdsListSchema, 'HoldList'],
  [financeSummarySchema, 'FinanceSummary'],
  [webhookAckSchema, 'WebhookAck'],
  [findingsListSchema, 'ReconciliationFindings'],
]);

export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function responseSchema(schema: z.ZodType): JsonSchema {
  const name = COMPONENTS.get(schema);
  return name ? { $ref: `#/components/schemas/${name}` } : jsonSchema(schema, 'output');
}

function objectParameters(schema: z.ZodType, location: 'query' | 'path'): JsonSchema[] {
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || (js.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: propertySchema,
    };
  });
}

/** Problem statuses an operation can answer, from what it declares. */
export function problemStatuses(route: RouteSpec): number[] {
  const statuses = new Set<number>(route.problems ?? []);
  if (isRoleList(route.roles)) [401, 403].forEach((s) => statuses.add(s));
  // Every request with a customer token goes through the customer rate limit.
  if (isRoleList(route.roles) && route.roles.includes('customer')) statuses.add(429);
  if (route.bodySchema) [400, 413, 415, 422].forEach((s) => statuses.add(s));
  if (route.rawBody) [400, 413].forEach((s) => statuses.add(s));
  if (route.querySchema || route.headers?.length) statuses.add(400);
  if (route.paramsSchema) statuses.add(404);
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
}

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request (bad JSON, query, header or signature)',
  401: 'No or invalid bearer token (see WWW-Authenticate)',
  403: 'The token’s role may not use this operation',
  404: 'No such replacement, or not yours',
  409: 'The replacement’s state does not allow this; `detail` says why',
  413: 'Request body too large',
  415: 'Send application/json',
  422: 'The body failed validation; see `errors[]`',
  429: 'Too many requests; see Retry-After',
  500: 'Unexpected error (logged with the request id)',
  503: 'A dependency (Temporal, a worker) did not answer in time; retry later',
};

function operation(route: RouteSpec): JsonSchema {
  const parameters: JsonSchema[] = [
    ...(route.paramsSchema
      ? objectParameters(route.paramsSchema, 'path')
      : pathParams(route.path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }))),
    ...(route.querySchema ? objectParameters(route.querySchema, 'query') : []),
    ...(route.headers ?? []).map((h) => ({
      name: h.name,
      in: 'header',
      required: h.required,
      description: h.description,
      schema: jsonSchema(h.schema, 'input'),
    })),
  ];
  const responses: Record<string, unknown> = {};
  for (const r of route.responses) {
    responses[String(r.status)] = {
      description: r.description,
      content: { [r.contentType ?? 'application/json']: r.schema ? { schema: responseSchema(r.schema) } : {} },
    };
  }
  for (const status of problemStatuses(route)) {
    responses[String(status)] ??= {
      description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  // Node's HTTP server refuses a request line plus headers over 16 kB itself, without a body.
  responses['431'] = { description: 'Request line and headers over 16 kB, refused by the HTTP server (no body)' };
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: isRoleList(route.roles) ? [{ bearerAuth: [] }] : [],
    'x-roles': route.roles,
    ...(route.ownerOnly ? { 'x-owner-only': true } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(route.bodySchema
      ? { requestBody: { required: !route.bodyOptional, content: { 'application/json': { schema: jsonSchema(route.bodySchema, 'input') } } } }
      : {}),
    ...(route.rawBody
      ? { requestBody: { required: true, description: route.rawBody.description, content: { [route.rawBody.contentType]: { schema: { type: 'object' } } } } }
      : {}),
    responses,
  };
}

export function buildOpenApiDocument(routes: readonly RouteSpec[]): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Express replacement service',
      version: '1',
      description:
        'A replacement ships at once against a temporary card hold; the original comes back, is inspected, and the hold is released or captured. ' +
        'Amounts are integers in minor units (øre), NOK, VAT included. Errors are RFC 9457 problem details.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: `Claims: sub, role (${ROLES.join(' | ')})` } },
      schemas: Object.fromEntries([...COMPONENTS].map(([schema, name]) => [name, jsonSchema(schema, 'output')])),
    },
    'x-problem-types': Object.fromEntries(Object.entries(PROBLEM_TYPES).map(([slug, t]) => [`/docs#problem-${slug}`, t])),
  };
}
