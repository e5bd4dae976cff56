// Browser sessions in PostgreSQL. See db/migrations/0012_sessions.sql.
import type pg from 'pg';
import type { Role, SessionMode } from '../../domain/vocabulary';
import type { PendingSignIn, SessionStore, SignedInSession } from '../../ports/sessions';

interface SessionRow {
  sub: string | null;
  role: Role | null;
  name: string | null;
  mode: SessionMode;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

export class PgSessions implements SessionStore {
  constructor(private readonly pool: pg.Pool) {}

  async create(idHash: string, s: SignedInSession): Promise<void> {
    await this.pool.query(
      `INSERT INTO sessions (id_hash, sub, role, name, mode, csrf_token, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [idHash, s.sub, s.role, s.name, s.mode, s.csrfToken, new Date(s.createdAt), new Date(s.lastSeenAt), new Date(s.expiresAt)],
    );
  }

  async find(idHash: string): Promise<SignedInSession | null> {
    const { rows } = await this.pool.query<SessionRow>(
      `SELECT sub, role, name, mode, csrf_token, created_at, last_seen_at, expires_at FROM sessions WHERE id_hash = $1 AND sub IS NOT NULL`,
      [idHash],
    );
    const r = rows[0];
    if (!r || r.sub === null || r.role === null) return null;
    return {
      sub: r.sub,
      role: r.role,
      name: r.name ?? r.sub,
      mode: r.mode,
      csrfToken: r.csrf_token,
      createdAt: r.created_at.getTime(),
      lastSeenAt: r.last_seen_at.getTime(),
      expiresAt: r.expires_at.getTime(),
    };
  }

  async touch(idHash: string, at: number): Promise<void> {
    // Never moves the clock back when requests overlap.
    await this.pool.query('UPDATE sessions SET last_seen_at = greatest(last_seen_at, $2) WHERE id_hash = $1', [idHash, new Date(at)]);
  }

  async createPending(idHash: string, pending: PendingSignIn, mode: SessionMode, at: number, expiresAt: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO sessions (id_hash, mode, csrf_token, pending, created_at, last_seen_at, expires_at) VALUES ($1, $2, '', $3, $4, $4, $5)`,
      [idHash, mode, JSON.stringify(pending), new Date(at), new Date(expiresAt)],
    );
  }

  async takePending(idHash: string, at: number): Promise<PendingSignIn | null> {
    const { rows } = await this.pool.query<{ pending: PendingSignIn; expires_at: Date }>(
      'DELETE FROM sessions WHERE id_hash = $1 AND sub IS NULL RETURNING pending, expires_at',
      [idHash],
    );
    const r = rows[0];
    if (!r || r.pending === null || r.expires_at.getTime() <= at) return null;
    return r.pending;
  }

  async delete(idHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteExpired(before: number): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM sessions WHERE expires_at < $1', [new Date(before)]);
    return rowCount ?? 0;
  }
}
