// The vocabulary is written once; the API's schemas (and so the OpenAPI document) must take it
// whole, no more and no less.
import { z } from 'zod';
import * as schemas from '../../../src/api/schemas';
import { jsonSchema } from '../../../src/api/openapi';
import * as vocabulary from '../../../src/domain/vocabulary';

const VOCABULARIES = Object.entries(vocabulary as Record<string, unknown>).filter((entry): entry is [string, readonly string[]] => Array.isArray(entry[1]));

describe('each vocabulary', () => {
  it('is exported as an array', () => {
    expect(VOCABULARIES.map(([name]) => name)).toEqual(
      expect.arrayContaining(['STATUSES', 'FLAGS', 'HOLD_STATES', 'ROLES', 'CARRIER_EVENT_KINDS', 'HOLD_FILTERS']),
    );
  });

  it.each(VOCABULARIES)('%s is non-empty, without duplicates, in the wire spelling', (_name, values) => {
    expect(values.length).toBeGreaterThan(0);
    expect(new Set(values).size).toBe(values.length);
    for (const value of values) expect(value).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
  });

  it('actor roles are the token roles plus the service itself', () => {
    expect(vocabulary.ACTOR_ROLES).toEqual([...vocabulary.ROLES, 'system']);
  });
});

/** Steps through optional, nullable, default and array wrappers to the schema inside. */
function inner(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else return s;
  }
}

/** The schema of a field, by its property path through objects (and the wrappers around them). */
function field(schema: z.ZodType, ...path: string[]): z.ZodType {
  let s = inner(schema);
  for (const key of path) {
    if (!(s instanceof z.ZodObject)) throw new Error(`not an object at ${key}`);
    s = inner(s.shape[key] as z.ZodType);
  }
  return s;
}

const v = vocabulary;
const CASES: [string, z.ZodType, readonly string[]][] = [
  ['list query status', field(schemas.listReplacementsQuerySchema, 'status'), v.STATUSES],
  ['view status', field(schemas.replacementViewSchema, 'status'), v.STATUSES],
  ['created status', field(schemas.createdReplacementSchema, 'status'), v.STATUSES],
  ['related status', field(schemas.replacementViewSchema, 'related', 'status'), v.STATUSES],
  ['summary status', field(schemas.replacementSummarySchema, 'status'), v.STATUSES],
  ['incoming return status', field(schemas.incomingReturnsSchema, 'items', 'status'), v.STATUSES],
  ['hold list status', field(schemas.holdsListSchema, 'items', 'status'), v.STATUSES],
  ['view resolution', field(schemas.replacementViewSchema, 'resolution'), v.RESOLUTIONS],
  ['view flags', field(schemas.replacementViewSchema, 'flags'), v.FLAGS],
  ['summary flags', field(schemas.replacementSummarySchema, 'flags'), v.FLAGS],
  ['incoming return flags', field(schemas.incomingReturnsSchema, 'items', 'flags'), v.FLAGS],
  ['hold list flags', field(schemas.holdsListSchema, 'items', 'flags'), v.FLAGS],
  ['view hold state', field(schemas.replacementViewSchema, 'hold', 'state'), v.HOLD_STATES],
  ['summary hold state', field(schemas.replacementSummarySchema, 'holdState'), v.HOLD_STATES],
  ['hold list hold state', field(schemas.holdsListSchema, 'items', 'holdState'), v.HOLD_STATES],
  ['inspection outcome', field(schemas.inspectionSchema, 'outcome'), v.INSPECTION_OUTCOMES],
  ['view inspection outcome', field(schemas.replacementViewSchema, 'inspection', 'outcome'), v.INSPECTION_OUTCOMES],
  ['timeline type', field(schemas.replacementViewSchema, 'timeline', 'type'), v.TIMELINE_TYPES],
  ['timeline actor role', field(schemas.replacementViewSchema, 'timeline', 'actor', 'role'), v.ACTOR_ROLES],
  ['catalog category', field(schemas.catalogSchema, 'items', 'category'), v.CATEGORIES],
  ['catalog return window', field(schemas.catalogSchema, 'items', 'returnWindow', 'kind'), v.RETURN_WINDOW_KINDS],
  ['request coverage', field(schemas.createReplacementSchema, 'coverage'), v.COVERAGES],
  ['view coverage', field(schemas.replacementViewSchema, 'coverage'), v.COVERAGES],
  ['request service level', field(schemas.createReplacementSchema, 'serviceLevel'), v.SERVICE_LEVELS],
  ['view service level', field(schemas.replacementViewSchema, 'serviceLevel'), v.SERVICE_LEVELS],
  ['dispatch queue service level', field(schemas.dispatchQueueSchema, 'items', 'serviceLevel'), v.SERVICE_LEVELS],
  ['request locale', field(schemas.createReplacementSchema, 'locale'), v.LOCALES],
  ['view locale', field(schemas.replacementViewSchema, 'customer', 'locale'), v.LOCALES],
  ['carrier event kind', field(schemas.carrierWebhookSchema, 'events', 'kind'), v.CARRIER_EVENT_KINDS],
  ['return tracking state', field(schemas.replacementViewSchema, 'returnTracking', 'state'), v.RETURN_TRACKING_STATES],
  ['holds query state', field(schemas.holdsQuerySchema, 'state'), v.HOLD_FILTERS],
  ['hold list state', field(schemas.holdsListSchema, 'state'), v.HOLD_FILTERS],
  ['dispatch queue review filter', field(schemas.dispatchQueueQuerySchema, 'review'), v.DISPATCH_REVIEW_FILTERS],
  ['review finding reason', field(schemas.replacementViewSchema, 'review', 'findings', 'reason'), v.REVIEW_REASONS],
  ['review state', field(schemas.replacementViewSchema, 'review', 'state'), v.REVIEW_STATES],
  ['review decision', field(schemas.reviewSchema, 'decision'), v.REVIEW_DECISIONS],
  ['device flag reason', field(schemas.flagDeviceSchema, 'reason'), v.DEVICE_FLAG_REASONS],
  ['flagged device reason', field(schemas.flaggedDevicesSchema, 'items', 'reason'), v.DEVICE_FLAG_REASONS],
  ['stock adjustment reason', field(schemas.stockAdjustmentSchema, 'reason'), v.STOCK_ADJUSTMENT_REASONS],
  ['stock movement reason', field(schemas.stockMovementsSchema, 'items', 'reason'), v.STOCK_ADJUSTMENT_REASONS],
  ['stock movement kind', field(schemas.stockMovementsSchema, 'items', 'kind'), v.STOCK_MOVEMENT_KINDS],
];

describe('API schemas accept exactly the vocabulary', () => {
  it.each(CASES)('%s', (_label, schema, values) => {
    for (const value of values) expect(schema.safeParse(value).success).toBe(true);
    for (const stranger of ['', 'unknown_value', values[0].toUpperCase(), `${values[0]} `]) expect(schema.safeParse(stranger).success).toBe(false);
    // What the OpenAPI document publishes for the field.
    expect(jsonSchema(schema, 'output')).toMatchObject({ enum: [...values] });
  });
});

/** Every `enum` list anywhere in a JSON Schema. */
function enums(node: unknown, found: unknown[][] = []): unknown[][] {
  if (Array.isArray(node)) node.forEach((n) => enums(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'enum' && Array.isArray(value)) found.push(value);
      else enums(value, found);
    }
  }
  return found;
}

describe('the schemas write no list of their own', () => {
  // Lists that belong to the HTTP surface alone, not to the service's vocabulary.
  const API_ONLY = [
    ['true', 'false'], // a boolean query parameter
    ['ok', 'unavailable'], // health
    ['running', 'completed', 'failed', 'cancelled', 'terminated', 'timed_out', 'continued_as_new', 'unknown'], // Temporal's execution states
  ];
  const known = [...VOCABULARIES.map(([, values]) => [...values]), ...API_ONLY].map((values) => JSON.stringify(values));

  it.each(Object.entries(schemas as Record<string, unknown>).filter((entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType))(
    '%s',
    (_name, schema) => {
      for (const io of ['input', 'output'] as const) {
        for (const list of enums(jsonSchema(schema, io))) expect(known).toContain(JSON.stringify(list));
      }
    },
  );
});
