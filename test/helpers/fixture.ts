// File-wide fixtures without the `let x; beforeAll(...); afterAll(...)` dance in every test file:
// a fixture is declared once at the top and used by name, like the value it stands for.

/**
 * A stand-in that forwards every use to `resolve()`'s value, so it can be handed out before that
 * value exists. Methods of its class are bound to the real value (so they keep their private
 * state); functions it holds itself (an Express app, a closure) are handed out as they are.
 */
function standIn<T extends object>(resolve: () => T): T {
  return new Proxy({} as T, {
    get(_, key) {
      const target = resolve();
      const value: unknown = Reflect.get(target, key, target);
      const inherited = typeof value === 'function' && !Object.prototype.hasOwnProperty.call(target, key);
      return inherited ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set: (_, key, value) => Reflect.set(resolve(), key, value),
    has: (_, key) => Reflect.has(resolve(), key),
    ownKeys: () => Reflect.ownKeys(resolve()),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(resolve(), key);
      // The stand-in's own target has none of these properties: it may only report configurable ones.
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(resolve()),
  });
}

/**
 * A resource the calling test file shares: made in a beforeAll, disposed of in an afterAll (if it
 * was made), and usable by name in hooks and tests. Call it at the top of the file or a describe.
 */
export function useFixture<T extends object>(what: string, create: () => Promise<T>, dispose: (value: T) => Promise<void>): T {
  let value: T | undefined;
  beforeAll(async () => {
    value = await create();
  });
  afterAll(async () => {
    const made = value;
    value = undefined;
    if (made) await dispose(made);
  });
  return standIn(() => {
    if (!value) throw new Error(`${what} is used outside the tests and hooks of its file, or its set-up failed`);
    return value;
  });
}

/** A value made on first use, e.g. a store over a fixture's connection pool. */
export function lazy<T extends object>(make: () => T): T {
  let value: T | undefined;
  return standIn(() => (value ??= make()));
}
