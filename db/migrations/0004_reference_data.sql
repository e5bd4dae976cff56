-- The catalog and the policy versions, seeded from src/domain on every start (see src/db/seed.ts).
-- A replacement pins the terms in force when it starts, in its workflow history; these tables are
-- where activities resolve them from.
CREATE TABLE policy_versions (
  version        text PRIMARY KEY,
  effective_from timestamptz NOT NULL,
  body           jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX policy_versions_effective_from ON policy_versions (effective_from);

CREATE TABLE catalog_items (
  sku          text PRIMARY KEY,
  position     integer NOT NULL,
  name         text NOT NULL,
  category     text NOT NULL,
  retail_price bigint NOT NULL CHECK (retail_price >= 0),
  item         jsonb NOT NULL,
  active       boolean NOT NULL DEFAULT true,
  -- Counts the changes to this item since it was first seeded.
  revision     integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
