// Serves one PGlite database to many PostgreSQL clients (the `pg` driver) over TCP or a unix socket.
//
// PGlite has a single backend, so connections must take turns. Taking turns per protocol message
// (what @electric-sql/pglite-socket's multiplexer does) lets a second connection's Parse land between
// the first one's Parse and Bind: under concurrent load `pg` then fails with "unnamed prepared
// statement does not exist" or binds its values to the other connection's statement. Here a
// connection holds the backend from its first message until the backend is idle again — after a
// Sync or a simple Query, outside an explicit transaction — so an extended-protocol exchange and a
// BEGIN … COMMIT run as a unit, like one PostgreSQL backend serializing all sessions.
import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
/** A Sync message: ends an extended-protocol exchange (and any "skip until Sync" after an error). */
const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]);

/** First-come, first-served ownership of the one backend. */
class Turnstile {
  private held = false;
  private readonly waiting: Array<() => void> = [];

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

export interface WireServerAddress {
  host?: string;
  port?: number;
  /** A unix socket path; wins over host/port. */
  path?: string;
}

export class PGliteWireServer {
  private readonly turnstile = new Turnstile();
  private readonly sockets = new Set<net.Socket>();
  private server: net.Server | null = null;

  constructor(private readonly db: PGlite) {}

  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  async listen(address: WireServerAddress = {}): Promise<{ host?: string; port?: number; path?: string }> {
    await this.db.waitReady;
    const server = net.createServer((socket) => this.serve(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      const done = () => {
        server.off('error', reject);
        resolve();
      };
      if (address.path) server.listen(address.path, done);
      else server.listen(address.port ?? 0, address.host ?? '127.0.0.1', done);
    });
    const bound = server.address();
    if (typeof bound === 'string') return { path: bound };
    return { host: bound?.address, port: bound?.port };
  }

  /** Stops accepting, drops open connections (rolling back what they left open), resolves when closed. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    // Let the connections' cleanup (which may still need the backend) finish first.
    await this.turnstile.acquire();
    this.turnstile.release();
  }

  private serve(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let buffer: Buffer = Buffer.alloc(0);
    let started = false;
    let holding = false;
    let closed = false;
    // Messages of one connection run strictly in order.
    let chain: Promise<void> = Promise.resolve();

    const run = async (message: Uint8Array, endsExchange: boolean): Promise<void> => {
      if (closed) return;
      if (!holding) {
        await this.turnstile.acquire();
        holding = true;
        // The connection may have closed while it waited; give the turn straight back.
        if (closed) return this.abandon(() => (holding = false));
      }
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(message, {
          onRawData: (data) => {
            if (!closed && socket.writable) socket.write(Buffer.from(data));
          },
        }),
      );
      if (endsExchange && !this.db.isInTransaction()) {
        holding = false;
        this.turnstile.release();
      }
    };

    const enqueue = (message: Uint8Array, endsExchange: boolean) => {
      chain = chain
        .then(() => run(message, endsExchange))
        .catch((err: unknown) => {
          socket.destroy(err instanceof Error ? err : new Error(String(err)));
        });
    };

    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          const message = buffer.subarray(0, length);
          buffer = buffer.subarray(length);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            socket.write('N'); // no encryption on a loopback or unix socket; the client goes on in clear
          } else if (code === CANCEL_REQUEST) {
            socket.end(); // PGlite has no running query to cancel from outside
            return;
          } else if (code === PROTOCOL_3) {
            started = true;
            enqueue(new Uint8Array(message), true);
          } else {
            socket.destroy();
            return;
          }
          continue;
        }
        if (buffer.length < 5) return;
        const length = 1 + buffer.readInt32BE(1);
        if (buffer.length < length) return;
        const type = buffer[0];
        const message = new Uint8Array(buffer.subarray(0, length));
        buffer = buffer.subarray(length);
        if (type === 0x58 /* Terminate */) {
          socket.end();
          return;
        }
        enqueue(message, type === 0x53 /* Sync */ || type === 0x51 /* Query */);
      }
    });

    const onGone = () => {
      if (closed) return;
      closed = true;
      this.sockets.delete(socket);
      chain = chain.then(() => {
        if (holding) return this.abandon(() => (holding = false));
      });
    };
    socket.on('close', onGone);
    socket.on('error', onGone);
  }

  /**
   * A connection went away while holding the backend: end its half-done exchange and roll back its
   * transaction, so the next connection starts from a clean, idle backend.
   */
  private async abandon(markReleased: () => void): Promise<void> {
    try {
      await this.db.runExclusive(async () => {
        await this.db.execProtocolRawStream(SYNC, { onRawData: () => undefined });
        if (this.db.isInTransaction()) await this.db.execProtocolRawStream(simpleQuery('ROLLBACK'), { onRawData: () => undefined });
      });
    } finally {
      markReleased();
      this.turnstile.release();
    }
  }
}

/** A simple-protocol Query message. */
function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message[0] = 0x51;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
}
