// Opaque keyset cursors: the sort keys of the last row of a page, bound to the list and filters
// they came from, so a cursor from one list is refused by another instead of paging it wrongly.
import { createHash } from 'node:crypto';

export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not valid for this list; start again without it');
    this.name = 'InvalidCursorError';
  }
}

/** A short digest of what a page depends on (list name, filters, sort). */
export function cursorTag(shape: unknown): string {
  return createHash('sha256').update(JSON.stringify(shape)).digest('base64url').slice(0, 16);
}

export function encodeCursor(tag: string, keys: readonly string[]): string {
  return Buffer.from(JSON.stringify({ t: tag, k: keys })).toString('base64url');
}

/** The keys of a cursor made by encodeCursor with the same tag and arity; InvalidCursorError otherwise. */
export function decodeCursor(tag: string, cursor: string, arity: number): string[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; k?: unknown };
    if (parsed.t === tag && Array.isArray(parsed.k) && parsed.k.length === arity && parsed.k.every((k) => typeof k === 'string')) {
      return parsed.k as string[];
    }
  } catch {
    // any undecodable cursor is the same client error
  }
  throw new InvalidCursorError();
}
