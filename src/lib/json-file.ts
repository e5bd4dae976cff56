// Small durable state for the embedded default: a JSON document rewritten atomically
// (temp file + rename), with writes serialized inside the process.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class JsonDocument<T> {
  private value: T;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string | null,
    initial: () => T,
  ) {
    this.value = initial();
    if (path) {
      try {
        this.value = JSON.parse(readFileSync(path, 'utf8')) as T;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }

  read(): T {
    return this.value;
  }

  /** Applies `fn` to the document and persists it before resolving. */
  update<R>(fn: (doc: T) => R): Promise<R> {
    const run = this.chain.then(() => {
      const result = fn(this.value);
      this.flush();
      return result;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private flush(): void {
    if (!this.path) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.value));
    renameSync(tmp, this.path);
  }
}
