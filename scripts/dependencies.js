// Whether node_modules holds what package-lock.json asks for. Compared by content (the versions
// npm recorded in node_modules/.package-lock.json), not by file times: a fresh worktree or checkout
// has a lock file newer than a node_modules that is nevertheless right, and `npm ci` would wipe it.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

function readJson(p) {
  try {
    return JSON.parse(fs.readFileSync(p, 'utf8'));
  } catch {
    return null;
  }
}

/** Why `npm ci` is needed in `root`, or null when node_modules matches the lock file. */
function dependenciesStale(root) {
  // A node_modules linked from another checkout is that checkout's to install: `npm ci` here would
  // empty it under everyone who shares it.
  try {
    if (fs.lstatSync(path.join(root, 'node_modules')).isSymbolicLink()) return null;
  } catch {
    return 'node_modules is missing';
  }
  const installed = readJson(path.join(root, 'node_modules', '.package-lock.json'));
  if (!installed) return 'node_modules is missing or was not installed by npm';
  const wanted = readJson(path.join(root, 'package-lock.json'));
  if (!wanted) return 'package-lock.json is missing or unreadable';
  const have = installed.packages || {};
  for (const [key, entry] of Object.entries(wanted.packages || {})) {
    // Optional packages for other platforms are never installed; the root entry is the project.
    if (key === '' || entry.optional || entry.link) continue;
    const got = have[key];
    if (!got) return `${key.replace(/^node_modules\//, '')} is not installed`;
    if (got.version !== entry.version) return `${key.replace(/^node_modules\//, '')} is ${got.version}, the lock file wants ${entry.version}`;
  }
  return null;
}

module.exports = { dependenciesStale };
