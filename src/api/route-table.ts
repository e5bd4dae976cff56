// The shape of a route: one declaration drives registration, authorization and the OpenAPI
// document. `roles` is required, so a route cannot exist without an access rule.
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Principal, Role } from './auth';
import type { ApiServices } from './services';

/**
 * Who may call a route:
 * - a list of roles: a valid bearer token with one of them (401 without, 403 with another role);
 * - 'public': anyone, no token;
 * - 'signed': no token, the handler verifies the sender's signature (webhooks).
 */
export type Access = readonly [Role, ...Role[]] | 'public' | 'signed';

export interface HeaderParam {
  name: string;
  required: boolean;
  description: string;
  schema: z.ZodType<string>;
}

export interface ResponseSpec {
  status: number;
  description: string;
  /** JSON body schema; omit for non-JSON bodies (then give `contentType`). */
  schema?: z.ZodType;
  contentType?: string;
}

export interface HandlerContext<B, Q> {
  req: Request;
  res: Response;
  /** Present on role-protected routes; null on public and signed ones. */
  principal: Principal | null;
  body: B;
  query: Q;
  params: Record<string, string>;
  services: ApiServices;
}

export interface RouteSpec<B = unknown, Q = unknown> {
  method: 'get' | 'post';
  /** Express path syntax: `/v1/replacements/:id`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  roles: Access;
  /** Customers may use it only on their own replacements (checked by the handler). */
  ownerOnly?: boolean;
  /** JSON body, validated; `bodyOptional` lets an empty body stand for `{}`. */
  bodySchema?: z.ZodType<B>;
  bodyOptional?: boolean;
  /** Raw body bytes for signature checks (webhooks); exclusive with bodySchema. */
  rawBody?: { contentType: string; description: string };
  querySchema?: z.ZodType<Q>;
  paramsSchema?: z.ZodType<Record<string, string>>;
  headers?: HeaderParam[];
  responses: [ResponseSpec, ...ResponseSpec[]];
  /** Problem statuses this route can answer besides the ones implied by access and body. */
  problems?: number[];
  handler: (ctx: HandlerContext<B, Q>) => Promise<void> | void;
}

/** Declares a route with body and query types inferred from its schemas. */
export function route<B = undefined, Q = undefined>(spec: RouteSpec<B, Q>): RouteSpec {
  return spec as unknown as RouteSpec;
}

export const isRoleList = (access: Access): access is readonly [Role, ...Role[]] => Array.isArray(access);

/** Express `:id` → OpenAPI `{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export const pathParams = (path: string) => [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
