-- Browser sessions (the er_session cookie). Only a SHA-256 hash of the session id is stored, so the
-- table cannot be used to sign in. A row without a subject is a sign-in in progress: it holds the
-- OpenID Connect state and PKCE verifier until the callback, and is deleted there.
CREATE TABLE sessions (
  id_hash       text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
  sub           text,
  role          text CHECK (role IN ('customer', 'warehouse', 'finance', 'admin')),
  name          text,
  mode          text NOT NULL CHECK (mode IN ('dev', 'oidc')),
  csrf_token    text NOT NULL,
  pending       jsonb,
  created_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  -- The absolute end, whatever the activity.
  expires_at    timestamptz NOT NULL,
  CHECK ((sub IS NULL) = (role IS NULL))
);

CREATE INDEX sessions_expires_at ON sessions (expires_at);
