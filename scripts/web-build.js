// Builds the customer portal (web/ → web/dist) when its sources changed since the last build.
// The stamp in web/dist is a hash of everything the bundle is made from: the portal's sources,
// its config and the domain code it imports. Node built-ins only (used by npm start and npm test).
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const WEB = path.join(ROOT, 'web');
const DIST = path.join(WEB, 'dist');
const STAMP = path.join(DIST, '.source-hash');
const INPUTS = [
  path.join(WEB, 'src'),
  path.join(WEB, 'index.html'),
  path.join(WEB, 'vite.config.ts'),
  path.join(WEB, 'tsconfig.json'),
  path.join(ROOT, 'src', 'domain'),
];

function files(p) {
  if (!fs.existsSync(p)) return [];
  if (!fs.statSync(p).isDirectory()) return [p];
  return fs
    .readdirSync(p)
    .sort()
    .flatMap((name) => files(path.join(p, name)));
}

function sourceHash() {
  const hash = crypto.createHash('sha256');
  for (const f of INPUTS.flatMap(files)) {
    hash.update(path.relative(ROOT, f));
    hash.update(fs.readFileSync(f));
  }
  return hash.digest('hex');
}

/** Why the portal needs building, or null when web/dist is up to date. */
function staleReason() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) return 'web/dist is missing';
  const stamp = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : '';
  return stamp === sourceHash() ? null : 'web/src changed since the last build';
}

/** Builds web/dist with Vite; returns the exit code. */
function buildWeb() {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(WEB, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  if (r.status === 0) fs.writeFileSync(STAMP, sourceHash() + '\n');
  return r.status ?? 1;
}

/** Builds the portal when it is missing or stale; `log` says why. Throws when the build fails. */
function ensureWebBuilt(log = (msg) => process.stderr.write(`${msg}\n`)) {
  const why = staleReason();
  if (!why) return false;
  log(`building the customer portal (${why}) …`);
  if (buildWeb() !== 0) throw new Error('the customer portal did not build (vite build failed)');
  return true;
}

module.exports = { ensureWebBuilt, buildWeb, staleReason };

if (require.main === module) process.exit(buildWeb());
