#!/usr/bin/env node
'use strict';
/**
 * `npm test`: install dependencies when needed, provision the servers, type-check, build the
 * customer portal when its sources changed, run jest, then the browser tests (Playwright with
 * Debian's chromium). Extra arguments go to jest (`npm test -- --selectProjects unit`) and skip
 * the browser tests. Node built-ins only, because the first step may be installing node_modules.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const REPO = path.resolve(__dirname, '..');

function log(msg) {
  process.stderr.write(`[test] ${msg}\n`);
}

/** Runs a command with inherited stdio; resolves to its exit code (signals map to 128+n). */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: REPO, stdio: 'inherit' });
    // Ctrl-C reaches the child through the terminal: wait for it to clean up and report its exit
    // code. SIGTERM/SIGHUP sent to this process alone are passed on.
    const ignore = () => {};
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', ignore);
    process.on('SIGTERM', forward);
    process.on('SIGHUP', forward);
    child.on('error', (err) => {
      log(`cannot run ${cmd}: ${err.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      process.removeListener('SIGINT', ignore);
      process.removeListener('SIGTERM', forward);
      process.removeListener('SIGHUP', forward);
      if (signal) resolve(128 + (os.constants.signals[signal] || 1));
      else resolve(code ?? 1);
    });
  });
}

async function main() {
  const jestArgs = process.argv.slice(2);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

  const stale = require('./dependencies').dependenciesStale(REPO);
  if (stale) {
    log(`${stale}: npm ci`);
    const code = await run(npm, ['ci', '--no-audit', '--no-fund']);
    if (code !== 0) return code;
  }

  log('provisioning servers (scripts/provision.js)');
  let chromium = null;
  try {
    const tools = await require('./provision').provisionAll();
    for (const [name, p] of Object.entries(tools)) log(`  ${name}: ${p ?? 'unavailable (tests fall back or skip)'}`);
    chromium = tools.chromium;
  } catch (err) {
    log(`provisioning failed: ${err.message}`);
    return 1;
  }

  log('type-checking (tsc --noEmit -p tsconfig.json)');
  const tsc = await run(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [REPO] }), '--noEmit', '-p', 'tsconfig.json']);
  if (tsc !== 0) return tsc;

  try {
    require('./web-build').ensureWebBuilt(log);
  } catch (err) {
    log(err.message);
    return 1;
  }

  const ci = process.env.CI && process.env.CI !== 'false' ? ['--ci'] : [];
  log(`jest ${[...ci, ...jestArgs].join(' ')}`.trimEnd());
  // jest's own summary is not a line CI tools parse; a JSON report gives the counts for one that is.
  const report = path.join(os.tmpdir(), `jest-report-${process.pid}.json`);
  const code = await run(process.execPath, [require.resolve('jest/bin/jest', { paths: [REPO] }), ...ci, '--json', `--outputFile=${report}`, ...jestArgs]);
  try {
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    const failed = r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
    process.stdout.write(`\n${r.numPassedTests} passed, ${failed} failed, ${r.numPendingTests + r.numTodoTests} skipped\n`);
    fs.rmSync(report, { force: true });
  } catch {
    /* jest did not get far enough to write a report; its exit code says why */
  }
  if (jestArgs.length > 0) return code;
  const browser = await browserTests(chromium);
  return code !== 0 ? code : browser;
}

/** `npx playwright test` (test/browser), against the real stack, in Debian's chromium. */
async function browserTests(chromium) {
  if (!chromium) {
    log('browser tests: no chromium (see provisioning above); not run');
    return process.env.CI && process.env.CI !== 'false' ? 1 : 0;
  }
  log('browser tests (playwright test)');
  const t0 = Date.now();
  process.env.CHROMIUM_PATH = chromium;
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  const code = await run(process.execPath, [require.resolve('@playwright/test/cli', { paths: [REPO] }), 'test']);
  log(`browser tests finished in ${((Date.now() - t0) / 1000).toFixed(1)}s (exit ${code})`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    log(err.stack || String(err));
    process.exit(1);
  },
);
