// Browser sessions, kept by the service (the cookie holds only a random id). Stores see the SHA-256
// hash of the id, never the id itself.
import type { Role, SessionMode } from '../domain/vocabulary';

export interface SignedInSession {
  sub: string;
  role: Role;
  name: string;
  mode: SessionMode;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  /** The absolute end (epoch ms). */
  expiresAt: number;
}

/** What an OpenID Connect sign-in carries from the redirect to the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

export interface SessionStore {
  /** Stores a signed-in session under `idHash`. */
  create(idHash: string, session: SignedInSession): Promise<void>;
  /** The signed-in session under `idHash`, whatever its age (the caller applies the timeouts); null for none or a sign-in in progress. */
  find(idHash: string): Promise<SignedInSession | null>;
  /** Records a request at `at`. */
  touch(idHash: string, at: number): Promise<void>;
  /** Stores a sign-in in progress, usable until `expiresAt`. */
  createPending(idHash: string, pending: PendingSignIn, mode: SessionMode, at: number, expiresAt: number): Promise<void>;
  /** Removes and returns the sign-in in progress under `idHash` if it is still valid at `at`; each is taken once. */
  takePending(idHash: string, at: number): Promise<PendingSignIn | null>;
  /** Ends the session (signed-in or pending) under `idHash`; nothing when there is none. */
  delete(idHash: string): Promise<void>;
  /** Deletes sessions whose absolute end is before `before`; returns how many. */
  deleteExpired(before: number): Promise<number>;
}
