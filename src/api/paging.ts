// Paged reads from the read model: a cursor it refuses is the client's error, not a 500.
import { InvalidCursorError } from '../lib/cursor';
import { problem } from './problem';

/** Runs a paged read, turning a cursor the read model refuses into the list's 400. */
export async function withCursor<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw problem('invalid-query', 'The cursor is not valid for this list; start again without `cursor`.', {
        errors: [{ path: 'cursor', message: 'not a cursor returned by this list with the same filters' }],
      });
    }
    throw err;
  }
}
