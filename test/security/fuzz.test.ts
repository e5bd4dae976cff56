// Property-based fuzzing of the running API from its own OpenAPI document (schemathesis): for each
// role, every operation that role may call gets generated valid and invalid requests, and every
// response is checked against the document (status codes, content types, headers, schemas) and
// for server errors. Public and signed operations are fuzzed without a token. Bounded per run by
// examples and time; FUZZ_MAX_EXAMPLES / FUZZ_MAX_TIME_S / FUZZ_SEED widen or vary a run,
// FUZZ_ONLY=admin,customer picks runs, FUZZ_OUTPUT_DIR keeps each run's output and NDJSON report.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSchemathesis } from '../../scripts/provision';
import { ROLES, type Role } from '../../src/api/auth';
import { ROUTES } from '../../src/api/routes';
import { createApiWorld, token, type ApiWorld } from '../api/support/api-world';

const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 30);
const MAX_TIME_S = Number(process.env.FUZZ_MAX_TIME_S ?? 25);
const SEED = process.env.FUZZ_SEED ?? '20261124';
/** Keeps each run's full output there (CI artefacts, or a closer look at a failure). */
const OUTPUT_DIR = process.env.FUZZ_OUTPUT_DIR;
// Five runs of MAX_TIME_S each, plus provisioning on a fresh machine (~30 s) and start-up.
jest.setTimeout(5 * (MAX_TIME_S + 30) * 1000 + 120_000);

// Without python3 (and its venv module) schemathesis cannot be provisioned: report skipped, not passed.
const pythonAvailable = spawnSync('python3', ['-c', 'import venv'], { stdio: 'ignore' }).status === 0 || Boolean(process.env.SCHEMATHESIS_PATH);
const describeIfPython = pythonAvailable ? describe : describe.skip;

interface RunResult {
  code: number | null;
  output: string;
}

let schemathesis: string | null = null;
let world: ApiWorld | undefined;
let server: Server | undefined;
let base = '';
const workDir = mkdtempSync(join(tmpdir(), 'fuzz-'));

beforeAll(async () => {
  if (!pythonAvailable) return;
  schemathesis = await ensureSchemathesis();
  if (!schemathesis) throw new Error('python3 is here but schemathesis could not be provisioned');
  // A generous customer limit: otherwise most customer examples would only ever see 429.
  world = await createApiWorld({ env: { RATE_LIMIT_CUSTOMER_PER_MINUTE: '100000' } });
  server = world.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server!.once('listening', resolve).once('error', reject));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await world?.close();
  rmSync(workDir, { recursive: true, force: true });
});

/** Runs `schemathesis run` against the listening API; hypothesis' database and reports stay in a temp dir. */
function runSchemathesis(name: string, operationIds: string[], authorization?: string): Promise<RunResult> {
  const reportPath = join(workDir, `${name}.ndjson`);
  const configPath = join(workDir, 'schemathesis.toml');
  // Invalid data may also be refused with 413 (body limit) or, by Node itself, 431 (huge query strings).
  writeFileSync(
    configPath,
    '[checks.negative_data_rejection]\nexpected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "431", "5xx"]\n',
  );
  const args = [
    '--config-file',
    configPath,
    'run',
    `${base}/openapi.json`,
    '--checks',
    'all',
    // The API refuses schema-valid requests on purpose where the rule is beyond JSON Schema: SKUs
    // from the catalog, real calendar dates, opaque cursors, a reused Idempotency-Key, webhook
    // signatures. Every other check (server errors, documented statuses, content types, headers,
    // response schemas, invalid data refused, auth) stays on.
    '--exclude-checks',
    'positive_data_acceptance',
    '--max-examples',
    String(MAX_EXAMPLES),
    '--max-time',
    String(MAX_TIME_S),
    '--seed',
    SEED,
    '--workers',
    '2',
    '--request-timeout',
    '15',
    '--no-color',
    '--report',
    'ndjson',
    '--report-ndjson-path',
    reportPath,
    ...operationIds.flatMap((id) => ['--include-operation-id', id]),
    ...(authorization ? ['-H', `Authorization: ${authorization}`] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(schemathesis!, args, {
      cwd: workDir,
      env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      let report = '';
      try {
        report = readFileSync(reportPath, 'utf8');
      } catch {
        /* no report: the output says why */
      }
      if (OUTPUT_DIR) {
        mkdirSync(OUTPUT_DIR, { recursive: true });
        writeFileSync(join(OUTPUT_DIR, `${name}.txt`), output);
        writeFileSync(join(OUTPUT_DIR, `${name}.ndjson`), report);
      }
      resolve({ code, output });
    });
  });
}

/** Schemathesis' closing summary (operations, phases, failures, test cases), without report paths. */
function summary(output: string): string {
  const from = output.lastIndexOf('SUMMARY');
  return (from >= 0 ? output.slice(from) : output.slice(-2_000))
    .split('\n')
    .filter((l) => l.trim() !== '' && !/Reports:|NDJSON:/.test(l))
    .join('\n');
}

const operationsFor = (role: Role) => ROUTES.filter((r) => Array.isArray(r.roles) && (r.roles as readonly Role[]).includes(role)).map((r) => r.operationId);
const unauthenticatedOperations = ROUTES.filter((r) => !Array.isArray(r.roles)).map((r) => r.operationId);

describeIfPython('schemathesis against the OpenAPI document', () => {
  const only = process.env.FUZZ_ONLY?.split(',');
  const cases: [string, string[], Role | null][] = (
    [...ROLES.map((role) => [role, operationsFor(role), role] as [string, string[], Role]), ['public and signed', unauthenticatedOperations, null]] as [
      string,
      string[],
      Role | null,
    ][]
  ).filter(([name]) => !only || only.includes(name));

  it.each(cases)('%s: no server errors, every response as documented', async (name, operationIds, role) => {
    const authorization = role ? `Bearer ${await token(role, `fuzz-${role}`, { expiresIn: '1h' })}` : undefined;
    const result = await runSchemathesis(name.replace(/\W+/g, '-'), operationIds, authorization);
    process.stdout.write(`\n[fuzz ${name}]\n${summary(result.output)}\n`);
    if (result.code !== 0) {
      const from = result.output.indexOf('FAILURES');
      throw new Error(`schemathesis found problems (${name}):\n${from >= 0 ? result.output.slice(from) : result.output}`);
    }
    // Every selected operation was reached, and requests were actually made.
    expect(result.output).toMatch(new RegExp(`Tested: ${operationIds.length}\\b`));
    expect(result.output).toMatch(/[1-9]\d* generated, [1-9]\d* passed/);
  });
});
