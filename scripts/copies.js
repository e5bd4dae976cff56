#!/usr/bin/env node
// Copy-paste check (jscpd): clones of six lines or more. The service's code may hold at most 5,
// the tests at most 10; over that, CI fails and lists them so the copy becomes a shared function.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BUDGETS = [
  { name: 'service code', paths: ['src', 'workflows', 'activities', 'worker'], max: 5 },
  { name: 'tests', paths: ['test'], max: 10 },
];

let failed = false;
for (const { name, paths, max } of BUDGETS) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'jscpd-'));
  const jscpd = path.join(ROOT, 'node_modules', '.bin', 'jscpd');
  const r = spawnSync(jscpd, ['--config', '.jscpd.json', '--reporters', 'json', '--output', out, ...paths], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    process.exit(r.status ?? 1);
  }
  const { duplicates } = JSON.parse(fs.readFileSync(path.join(out, 'jscpd-report.json'), 'utf8'));
  fs.rmSync(out, { recursive: true, force: true });
  const line = `${name}: ${duplicates.length} clone(s) of 6+ lines (at most ${max})`;
  if (duplicates.length > max) {
    failed = true;
    process.stderr.write(`${line}\n`);
    for (const d of duplicates) {
      process.stderr.write(
        `  ${d.lines} lines: ${d.firstFile.name}:${d.firstFile.start}-${d.firstFile.end} = ${d.secondFile.name}:${d.secondFile.start}-${d.secondFile.end}\n`,
      );
    }
  } else {
    process.stdout.write(`${line}\n`);
  }
}
process.exit(failed ? 1 : 0);
