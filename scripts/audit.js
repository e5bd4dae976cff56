#!/usr/bin/env node
// `npm run audit`: no high or critical advisories in production dependencies. Runs
// `npm audit --omit=dev --audit-level=high`; when the registry's advisory endpoint cannot be
// reached (offline mirrors and proxies often refuse it) it says so and exits 0 with "not checked",
// because that says nothing about the dependencies — any finding or other failure exits non-zero.
'use strict';
const { spawnSync } = require('node:child_process');

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = spawnSync(npm, ['audit', '--omit=dev', '--audit-level=high', '--json'], { encoding: 'utf8' });
const out = `${run.stdout ?? ''}`;
let report;
try {
  report = JSON.parse(out);
} catch {
  report = undefined;
}

const unreachable = /audit endpoint returned an error|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|405 Method Not Allowed/;
if (!report?.metadata) {
  const text = `${out}\n${run.stderr ?? ''}`;
  if (unreachable.test(text)) {
    const detail = report?.message ?? report?.error?.summary ?? text.split('\n').find((l) => unreachable.test(l)) ?? '';
    console.log(`npm audit: not checked — the advisory endpoint is unreachable from here (${detail.trim()})`);
    process.exit(0);
  }
  console.error(text.trim());
  process.exit(run.status || 1);
}

const counts = report?.metadata?.vulnerabilities ?? {};
const high = (counts.high ?? 0) + (counts.critical ?? 0);
const summary = ['critical', 'high', 'moderate', 'low', 'info'].map((k) => `${counts[k] ?? 0} ${k}`).join(', ');
console.log(`npm audit (production dependencies): ${summary}`);
if (high > 0) {
  for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
    if (v.severity === 'high' || v.severity === 'critical') console.error(`  ${v.severity}: ${name} ${v.range ?? ''}`);
  }
  process.exit(1);
}
