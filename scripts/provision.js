#!/usr/bin/env node
'use strict';
/**
 * Provisions the external servers the service and its tests run against, into <repo>/.tools
 * (git-ignored): the Temporal CLI (dev server), the Temporal Java time-skipping test server,
 * stripe-mock, Mailpit, and schemathesis (the API fuzzer, in a Python virtualenv).
 *
 * Node built-ins only: `npm start` and `npm test` call this before node_modules may exist.
 *
 *   node scripts/provision.js [all|temporal|temporal-server|test-server|stripe-mock|mailpit|schemathesis]
 *
 * Every ensure*() resolves to an absolute executable path, or to null when the toolchain needed to
 * build it is missing (no `go` for the Go tools, no `java`/`mvn` for the test server, no `python3`
 * with venv for schemathesis). On null the
 * caller falls back: the Temporal SDK's TestWorkflowEnvironment downloads its own CLI / test server
 * (`executable: { type: 'cached-download' }`, needs access to temporal.download); tests that need
 * stripe-mock, Mailpit or schemathesis skip themselves.
 *
 * Overrides (must point at an existing executable): TEMPORAL_CLI_PATH, TEMPORAL_SERVER_PATH,
 * TEMPORAL_SQL_TOOL_PATH, TEMPORAL_TEST_SERVER_PATH,
 * STRIPE_MOCK_PATH, MAILPIT_PATH, SCHEMATHESIS_PATH. TOOLS_DIR moves the .tools directory.
 *
 * Builds are serialised by a lock per tool (parallel jest workers, `npm start` and `npm test`
 * never build the same thing twice at once) and recorded by a stamp; a changed pin rebuilds.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const http2 = require('node:http2');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const REPO = path.resolve(__dirname, '..');
// Real path: a worktree that links .tools to another checkout's must see the same stamps (the
// test server's wrapper embeds its absolute path), or each would rebuild it under the other.
const TOOLS_DIR = realPathOr(process.env.TOOLS_DIR ? path.resolve(process.env.TOOLS_DIR) : path.join(REPO, '.tools'));
const BIN_DIR = path.join(TOOLS_DIR, 'bin');

function realPathOr(p) {
  try {
    return fs.realpathSync(p);
  } catch {
    return p; // not there yet: it is created at this path
  }
}
const STAMP_DIR = path.join(TOOLS_DIR, 'stamps');
const LOCK_DIR = path.join(TOOLS_DIR, 'locks');

/**
 * Go tools built from source with `go install`. Pins: temporal v1.5.1 is the newest CLI tag whose
 * go.mod has no replace directive (later ones cannot be `go install`ed by version).
 */
const GO_TOOLS = {
  temporal: {
    module: 'github.com/temporalio/cli/cmd/temporal',
    version: 'v1.5.1',
    envVar: 'TEMPORAL_CLI_PATH',
    // Released binaries get their version through ldflags; do the same so `--version` is honest.
    ldflags: '-X github.com/temporalio/cli/temporalcli.Version=1.5.1',
  },
  'stripe-mock': {
    module: 'github.com/stripe/stripe-mock',
    version: 'v0.203.0',
    envVar: 'STRIPE_MOCK_PATH',
    ldflags: '-X main.version=0.203.0',
  },
  mailpit: {
    module: 'github.com/axllent/mailpit',
    version: 'v1.27.11',
    envVar: 'MAILPIT_PATH',
    ldflags: '-X github.com/axllent/mailpit/config.Version=v1.27.11',
  },
  // The Temporal server and its schema tool, for running on a Temporal cluster of our own. v1.32.1 is the newest
  // server whose go.mod has no replace directive and whose `go` line the installed Go satisfies.
  // Pure Go (no CGO, the gRPC admin modules left out), as upstream builds its release binaries.
  'temporal-server': {
    module: 'go.temporal.io/server/cmd/server',
    version: 'v1.32.1',
    envVar: 'TEMPORAL_SERVER_PATH',
    ldflags: '',
    tags: 'disable_grpc_modules',
    cgo: false,
    output: 'server', // what `go install` names it
  },
  'temporal-sql-tool': {
    module: 'go.temporal.io/server/cmd/tools/sql',
    version: 'v1.32.1',
    envVar: 'TEMPORAL_SQL_TOOL_PATH',
    ldflags: '',
    tags: 'disable_grpc_modules',
    cgo: false,
    output: 'sql',
  },
};

const TEST_SERVER_VERSION = '1.38.0';
const TEST_SERVER_POM = path.join(__dirname, 'test-server', 'pom.xml');
const TEST_SERVER_DIR = path.join(TOOLS_DIR, 'temporal-test-server');
const TEST_SERVER_MAIN = 'io.temporal.testserver.TestServer';
/**
 * The TS SDK gives the test server 5 s to answer gRPC. A plain JVM needs 0.7-3 s on a loaded 2-core
 * machine; an AppCDS archive (generated below) plus C1-only JIT and the serial GC cut that to
 * 0.3-1 s. The test server is small and short-lived, so C2 and a parallel GC buy nothing.
 */
const TEST_SERVER_JVM_FLAGS = [
  '-XX:TieredStopAtLevel=1',
  '-XX:+UseSerialGC',
  '-Xms64m',
  '-Xmx512m',
  '-Xss512k',
  '-XX:-UsePerfData',
  '-XX:+ExitOnOutOfMemoryError',
];

/** Property-based API fuzzer run against the OpenAPI document (test/security/fuzz.test.ts). */
const SCHEMATHESIS_VERSION = '4.32.5';
const SCHEMATHESIS_VENV = path.join(TOOLS_DIR, 'schemathesis-venv');

// ---------------------------------------------------------------------------------------------
// small utilities

const isTTY = Boolean(process.stderr.isTTY) && !process.env.CI;

function log(msg) {
  process.stderr.write(`[provision] ${msg}\n`);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isExecutable(p) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Absolute path of `cmd` on PATH, or null. */
function which(cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    if (isExecutable(p)) return p;
  }
  return null;
}

function findGo() {
  if (process.env.GOROOT && isExecutable(path.join(process.env.GOROOT, 'bin', 'go'))) {
    return path.join(process.env.GOROOT, 'bin', 'go');
  }
  return which('go') || (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
}

function findJava() {
  if (process.env.JAVA_HOME && isExecutable(path.join(process.env.JAVA_HOME, 'bin', 'java'))) {
    return path.join(process.env.JAVA_HOME, 'bin', 'java');
  }
  const onPath = which('java');
  // Resolve /usr/bin/java -> the real JDK, so the wrapper keeps working if alternatives change.
  return onPath ? fs.realpathSync(onPath) : null;
}

function overridePath(envVar) {
  const value = process.env[envVar];
  if (!value) return null;
  const p = path.resolve(value);
  if (!isExecutable(p)) {
    throw new Error(`${envVar}=${value} does not exist or is not executable`);
  }
  return p;
}

function sha256(text) {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function readStamp(name) {
  try {
    return fs.readFileSync(path.join(STAMP_DIR, `${name}.json`), 'utf8');
  } catch {
    return null;
  }
}

function writeStamp(name, stamp) {
  fs.mkdirSync(STAMP_DIR, { recursive: true });
  const file = path.join(STAMP_DIR, `${name}.json`);
  fs.writeFileSync(`${file}.tmp`, stamp);
  fs.renameSync(`${file}.tmp`, file);
}

function removeStamp(name) {
  fs.rmSync(path.join(STAMP_DIR, `${name}.json`), { force: true });
}

function elapsed(t0) {
  return `${Math.round((Date.now() - t0) / 1000)}s`;
}

/**
 * Periodic progress output while something slow runs: one updating line on a terminal, a line
 * every 15 s otherwise (CI logs). Concurrent tasks (Go build + Maven fetch) share the line.
 */
const activeBeats = new Set();
let beatTimer = null;
let lastBeatLine = 0;

function renderBeats() {
  const text = [...activeBeats].map((b) => `${b.render()} (${elapsed(b.t0)} elapsed)`).join(' | ');
  if (isTTY) {
    process.stderr.write(`\r[provision] ${text}\x1b[K`);
  } else if (Date.now() - lastBeatLine >= 15000) {
    lastBeatLine = Date.now();
    log(text);
  }
}

function heartbeat(render) {
  const beat = { render, t0: Date.now() };
  activeBeats.add(beat);
  if (!beatTimer) {
    lastBeatLine = Date.now();
    beatTimer = setInterval(renderBeats, 1000);
  }
  return {
    stop(finalText) {
      if (!activeBeats.delete(beat)) return;
      if (activeBeats.size === 0) {
        clearInterval(beatTimer);
        beatTimer = null;
      }
      if (isTTY) process.stderr.write('\r\x1b[K');
      if (finalText) log(`${finalText} in ${elapsed(beat.t0)}`);
    },
  };
}

/** Runs a command, collecting its output; rejects with the tail of the output on failure. */
function run(cmd, args, { env, cwd, onLine } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: env || process.env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = [];
    let partial = '';
    const onData = (chunk) => {
      const text = partial + chunk.toString();
      const parts = text.split('\n');
      partial = parts.pop();
      for (const line of parts) {
        lines.push(line);
        if (lines.length > 400) lines.shift();
        if (onLine) onLine(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (partial) lines.push(partial);
      if (code === 0) return resolve(lines);
      const tail = lines.slice(-60).join('\n');
      reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${signal || `exit ${code}`}):\n${tail}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// lock: a directory created with mkdir (atomic), holding the owner's pid; stale when the owner is
// gone or stopped refreshing it.

const LOCK_STALE_MS = 2 * 60 * 1000;
const heldLocks = new Set();

process.on('exit', () => {
  for (const dir of heldLocks) fs.rmSync(dir, { recursive: true, force: true });
});

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function lockIsStale(dir) {
  const ownerFile = path.join(dir, 'owner.json');
  let owner;
  let mtime;
  try {
    owner = JSON.parse(fs.readFileSync(ownerFile, 'utf8'));
    mtime = fs.statSync(ownerFile).mtimeMs;
  } catch {
    // Owner file is written right after mkdir; give a just-created lock a moment.
    try {
      return Date.now() - fs.statSync(dir).mtimeMs > 10000 ? {} : null;
    } catch {
      return null;
    }
  }
  if (owner.host === os.hostname() && !pidAlive(owner.pid)) return owner;
  if (Date.now() - mtime > LOCK_STALE_MS) return owner;
  return null;
}

async function withLock(name, fn) {
  fs.mkdirSync(LOCK_DIR, { recursive: true });
  const dir = path.join(LOCK_DIR, `${name}.lock`);
  let waitingSince = 0;
  for (;;) {
    try {
      fs.mkdirSync(dir);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const stale = lockIsStale(dir);
    if (stale) {
      log(`removing stale ${name} lock (owner pid ${stale.pid ?? '?'})`);
      // Rename first so a concurrent waiter never deletes a lock someone just re-acquired.
      const grave = `${dir}.stale-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
      try {
        fs.renameSync(dir, grave);
        fs.rmSync(grave, { recursive: true, force: true });
      } catch {
        /* another waiter got there first */
      }
      continue;
    }
    if (!waitingSince) {
      waitingSince = Date.now();
      log(`waiting for another process to finish provisioning ${name}…`);
    } else if (Date.now() - waitingSince > 30 * 60 * 1000) {
      throw new Error(`timed out waiting for the ${name} provisioning lock (${dir})`);
    }
    await sleep(500);
  }
  heldLocks.add(dir);
  const ownerFile = path.join(dir, 'owner.json');
  const owner = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
  fs.writeFileSync(ownerFile, owner);
  // Refresh the owner file so waiters on other hosts/pid namespaces can tell a live owner.
  const refresh = setInterval(() => {
    try {
      const now = new Date();
      fs.utimesSync(ownerFile, now, now);
    } catch {
      /* lock removed underneath us; nothing useful to do */
    }
  }, 10000);
  refresh.unref();
  try {
    return await fn();
  } finally {
    clearInterval(refresh);
    heldLocks.delete(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Go tools

function goStamp(name) {
  const t = GO_TOOLS[name];
  return JSON.stringify({ module: t.module, version: t.version, ldflags: t.ldflags, tags: t.tags, cgo: t.cgo });
}

async function ensureGoTool(name) {
  const tool = GO_TOOLS[name];
  const fromEnv = overridePath(tool.envVar);
  if (fromEnv) return fromEnv;
  const onPath = which(name);
  if (onPath) return onPath;

  const target = path.join(BIN_DIR, name);
  const stamp = goStamp(name);
  const ready = () => isExecutable(target) && readStamp(name) === stamp;
  if (ready()) return target;

  const go = findGo();
  if (!go) {
    log(`${name}: \`go\` not found; cannot build ${tool.module}@${tool.version} (callers fall back)`);
    return null;
  }
  return withLock(name, async () => {
    if (ready()) return target;
    removeStamp(name);
    await goInstall(go, name, tool);
    writeStamp(name, stamp);
    return target;
  });
}

async function goInstall(go, name, tool) {
  // Build into a private GOBIN and rename, so nobody ever executes a half-written binary.
  const tmpBin = path.join(TOOLS_DIR, 'tmp', `go-${name}-${process.pid}`);
  fs.rmSync(tmpBin, { recursive: true, force: true });
  fs.mkdirSync(tmpBin, { recursive: true });
  fs.mkdirSync(BIN_DIR, { recursive: true });
  log(
    `building ${name} ${tool.version} from source (go install ${tool.module}@${tool.version}); ` +
      'the first build on a cold Go cache takes several minutes, later ones seconds',
  );
  let compiled = 0;
  let downloaded = 0;
  const hb = heartbeat(() => `${name}: ${downloaded} modules downloaded, ${compiled} packages compiled`);
  try {
    const tags = tool.tags ? ['-tags', tool.tags] : [];
    const cgo = tool.cgo === false ? { CGO_ENABLED: '0' } : {};
    await run(go, ['install', '-v', ...tags, '-ldflags', `-s -w ${tool.ldflags}`.trim(), `${tool.module}@${tool.version}`], {
      env: { ...process.env, GOBIN: tmpBin, ...cgo },
      onLine(line) {
        if (line.startsWith('go: downloading ')) downloaded += 1;
        // `-v` prints each package path as it is compiled.
        else if (/^[\w.~-]+(\/[\w.~+-]+)*$/.test(line)) compiled += 1;
      },
    });
  } catch (err) {
    hb.stop();
    fs.rmSync(tmpBin, { recursive: true, force: true });
    throw err;
  }
  hb.stop(`built ${name} ${tool.version} (${downloaded} modules downloaded, ${compiled} packages compiled)`);
  fs.renameSync(path.join(tmpBin, tool.output ?? name), path.join(BIN_DIR, name));
  fs.rmSync(tmpBin, { recursive: true, force: true });
}

/** Temporal CLI (`temporal server start-dev`). */
function ensureTemporalCli() {
  return ensureGoTool('temporal');
}

function ensureStripeMock() {
  return ensureGoTool('stripe-mock');
}

function ensureMailpit() {
  return ensureGoTool('mailpit');
}

/**
 * The Temporal server and temporal-sql-tool, for a cluster of our own. Not in `all`: the cold
 * build takes minutes and only the cluster needs it. One after the other: the second reuses the
 * first's build cache (same module), so it costs seconds.
 */
async function ensureTemporalServer() {
  const server = await ensureGoTool('temporal-server');
  const sqlTool = server && (await ensureGoTool('temporal-sql-tool'));
  return server && sqlTool ? { server, sqlTool } : null;
}

// ---------------------------------------------------------------------------------------------
// Java time-skipping test server

const TEST_SERVER_WRAPPER = path.join(TEST_SERVER_DIR, 'bin', 'temporal-test-server');
/** Bump when the wrapper script changes, so existing checkouts regenerate it. */
const TEST_SERVER_WRAPPER_REVISION = 2;

function testServerStamp(java) {
  const version = spawnSync(java, ['-version'], { encoding: 'utf8' });
  return JSON.stringify({
    version: TEST_SERVER_VERSION,
    pom: sha256(fs.readFileSync(TEST_SERVER_POM, 'utf8')),
    java,
    javaVersion: sha256(`${version.stdout}${version.stderr}`),
    // The archive and wrapper embed absolute paths: a moved checkout re-provisions.
    dir: TEST_SERVER_DIR,
    flags: TEST_SERVER_JVM_FLAGS,
    wrapper: TEST_SERVER_WRAPPER_REVISION,
  });
}

/**
 * Path of an executable that starts the Temporal Java test server the way the SDK's native binary
 * is started: `<wrapper> <port> [--enable-time-skipping]`. The TS SDK passes only `<port>`; time
 * skipping is then locked until its client unlocks it while awaiting a result or in env.sleep().
 */
async function ensureTestServer() {
  const fromEnv = overridePath('TEMPORAL_TEST_SERVER_PATH');
  if (fromEnv) return fromEnv;
  const java = findJava();
  const mvn = which('mvn');
  if (!java || !mvn) {
    log(`test-server: ${java ? '' : '`java` '}${mvn ? '' : '`mvn` '}not found (callers fall back to the SDK download)`);
    return null;
  }
  const stamp = testServerStamp(java);
  const ready = () => isExecutable(TEST_SERVER_WRAPPER) && readStamp('test-server') === stamp;
  if (ready()) return TEST_SERVER_WRAPPER;
  return withLock('test-server', async () => {
    if (ready()) return TEST_SERVER_WRAPPER;
    removeStamp('test-server');
    await buildTestServer(java, mvn);
    writeStamp('test-server', stamp);
    return TEST_SERVER_WRAPPER;
  });
}

async function buildTestServer(java, mvn) {
  const libDir = path.join(TEST_SERVER_DIR, 'lib');
  const archive = path.join(TEST_SERVER_DIR, 'app.jsa');
  fs.rmSync(TEST_SERVER_DIR, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(TEST_SERVER_WRAPPER), { recursive: true });

  log(`fetching the Temporal Java test server ${TEST_SERVER_VERSION} from Maven Central`);
  const hb = heartbeat(() => 'test-server: mvn dependency:copy-dependencies');
  try {
    await run(mvn, [
      '-B',
      '-q',
      '-f',
      TEST_SERVER_POM,
      `-Dtemporal.test-server.version=${TEST_SERVER_VERSION}`,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${libDir}`,
      '-DincludeScope=runtime',
    ]);
  } catch (err) {
    hb.stop();
    throw err;
  }
  hb.stop('fetched test server jars');

  // Explicit, sorted classpath: the CDS archive is only used when the classpath matches exactly,
  // and a `lib/*` wildcard expands in directory order.
  const jars = fs
    .readdirSync(libDir)
    .filter((f) => f.endsWith('.jar'))
    .sort()
    .map((f) => path.join(libDir, f));
  if (!jars.some((j) => path.basename(j).startsWith('temporal-test-server-'))) {
    throw new Error(`temporal-test-server jar missing from ${libDir}`);
  }
  const classpath = jars.join(path.delimiter);

  log('test-server: generating a class-data-sharing archive (faster JVM start)');
  const t0 = Date.now();
  let useArchive = false;
  try {
    await trainArchive(java, classpath, archive);
    // -Xshare:on turns a silently ignored archive into an error, so a bad one is caught here.
    const check = spawnSync(java, [`-XX:SharedArchiveFile=${archive}`, '-Xshare:on', ...TEST_SERVER_JVM_FLAGS, '-cp', classpath, '-version'], {
      encoding: 'utf8',
    });
    useArchive = check.status === 0;
    if (!useArchive) log(`test-server: archive unusable, starting without it:\n${check.stderr}`);
    else log(`test-server: archive ready in ${elapsed(t0)}`);
  } catch (err) {
    log(`test-server: could not generate the archive (${err.message}); starting without it`);
  }
  if (!useArchive) fs.rmSync(archive, { force: true });

  const flags = [...(useArchive ? [`-XX:SharedArchiveFile=${archive}`, '-Xshare:auto'] : []), ...TEST_SERVER_JVM_FLAGS];
  const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
  const script = [
    '#!/bin/sh',
    `# Temporal Java test server ${TEST_SERVER_VERSION}, written by scripts/provision.js.`,
    '# Usage: temporal-test-server <port> [--enable-time-skipping]',
    '# With TEMPORAL_TEST_SERVER_PID_DIR set, records itself and its parent there, so a test',
    '# harness can kill the server when the parent dies without stopping it.',
    'if [ -n "${TEMPORAL_TEST_SERVER_PID_DIR:-}" ] && [ -d "$TEMPORAL_TEST_SERVER_PID_DIR" ]; then',
    `  printf '{"owner":%s,"pgid":%s,"group":false,"name":"time-skipping test server","cmd":"java"}' "$PPID" "$$" > "$TEMPORAL_TEST_SERVER_PID_DIR/$$.json" || true`,
    'fi',
    '# exec, so whoever started this script can stop the JVM by signalling this pid.',
    `exec ${q(java)} ${flags.map(q).join(' ')} -cp ${q(classpath)} ${TEST_SERVER_MAIN} "$@"`,
    '',
  ].join('\n');
  fs.writeFileSync(TEST_SERVER_WRAPPER, script, { mode: 0o755 });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Minimal protobuf encoding (length-delimited fields only): enough for the training requests below.
function pbVarint(n) {
  const out = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
function pbBytes(field, bytes) {
  return Buffer.concat([pbVarint((field << 3) | 2), pbVarint(bytes.length), bytes]);
}
function pbString(field, value) {
  return pbBytes(field, Buffer.from(value));
}
function pbMessage(field, ...parts) {
  return pbBytes(field, Buffer.concat(parts));
}

/** One unary gRPC call over plain HTTP/2; resolves to the grpc-status (or -1 on transport error). */
function grpcCall(port, method, body = Buffer.alloc(0), timeoutMs = 5000) {
  return new Promise((resolve) => {
    const client = http2.connect(`http://127.0.0.1:${port}`);
    let done = false;
    const finish = (status) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      client.destroy();
      resolve(status);
    };
    const timer = setTimeout(() => finish(-1), timeoutMs);
    client.on('error', () => finish(-1));
    const frame = Buffer.alloc(5 + body.length);
    frame.writeUInt32BE(body.length, 1);
    body.copy(frame, 5);
    const req = client.request({
      ':method': 'POST',
      ':path': `/${method}`,
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    req.on('error', () => finish(-1));
    req.on('response', (headers) => {
      if (headers['grpc-status'] !== undefined) finish(Number(headers['grpc-status']));
    });
    req.on('trailers', (trailers) => finish(Number(trailers['grpc-status'] ?? -1)));
    req.on('data', () => {});
    req.on('end', () => finish(-1));
    req.end(frame);
  });
}

/**
 * Runs the server once with -XX:ArchiveClassesAtExit while exercising the calls a test makes
 * first (connect, namespace, test clock, start and poll a workflow), then stops it so the JVM
 * writes the archive.
 */
async function trainArchive(java, classpath, archive) {
  const port = await freePort();
  const child = spawn(java, [`-XX:ArchiveClassesAtExit=${archive}`, ...TEST_SERVER_JVM_FLAGS, '-cp', classpath, TEST_SERVER_MAIN, String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  try {
    const deadline = Date.now() + 60000;
    while ((await grpcCall(port, 'temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo', undefined, 2000)) !== 0) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`test server did not start: ${stderr}`);
      await sleep(100);
    }
    const ns = pbString(1, 'default');
    const wf = 'archive-training';
    const calls = [
      ['temporal.api.workflowservice.v1.WorkflowService/DescribeNamespace', ns],
      ['temporal.api.testservice.v1.TestService/GetCurrentTime', Buffer.alloc(0)],
      ['temporal.api.operatorservice.v1.OperatorService/ListSearchAttributes', ns],
      [
        'temporal.api.workflowservice.v1.WorkflowService/StartWorkflowExecution',
        Buffer.concat([
          ns,
          pbString(2, wf),
          pbMessage(3, pbString(1, 'Training')),
          pbMessage(4, pbString(1, wf)),
          pbString(9, 'provision'),
          pbString(10, crypto.randomUUID()),
        ]),
      ],
      ['temporal.api.workflowservice.v1.WorkflowService/PollWorkflowTaskQueue', Buffer.concat([ns, pbMessage(2, pbString(1, wf)), pbString(3, 'provision')])],
      ['temporal.api.workflowservice.v1.WorkflowService/TerminateWorkflowExecution', Buffer.concat([ns, pbMessage(2, pbString(1, wf)), pbString(3, 'done')])],
    ];
    for (const [method, body] of calls) await grpcCall(port, method, body);
  } finally {
    // SIGTERM runs the JVM's orderly shutdown, which is when the archive is written.
    if (child.exitCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 60000);
    await exited;
    clearTimeout(killer);
  }
  if (!fs.existsSync(archive)) throw new Error(`no archive written: ${stderr}`);
}

// ---------------------------------------------------------------------------------------------
// schemathesis (PyPI) in its own virtualenv

const SCHEMATHESIS_BIN = path.join(SCHEMATHESIS_VENV, 'bin', 'schemathesis');

/** The interpreter behind `python3` (a pyenv shim resolves to the real one) and its version. */
function findPython() {
  const python = which('python3');
  if (!python) return null;
  const probe = spawnSync(python, ['-c', 'import sys, venv; print(sys.executable); print(sys.version.split()[0])'], { encoding: 'utf8' });
  if (probe.status !== 0) return null;
  const [executable, version] = probe.stdout.trim().split('\n');
  return executable && version ? { executable, version } : null;
}

/**
 * Installed into the virtualenv as sitecustomize.py. CPython 3.11's ast.parse can fail with
 * "SystemError: AST constructor recursion depth mismatch" when Python code runs in the middle of
 * building the tree (a garbage collection running finalizers, which also lets another thread move
 * the recursion limit); hypothesis parses source that way in schemathesis' worker threads, and the
 * error aborts a whole phase of the run. Without the collector there is no such code to run.
 */
const SCHEMATHESIS_SITECUSTOMIZE = `# Written by scripts/provision.js: see SCHEMATHESIS_SITECUSTOMIZE there.
import ast
import gc

_parse = ast.parse


def _parse_without_gc(*args, **kwargs):
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse(*args, **kwargs)
    finally:
        if enabled:
            gc.enable()


ast.parse = _parse_without_gc
`;
const SCHEMATHESIS_PATCH_REVISION = 1;

function schemathesisStamp(python) {
  // The venv links to its interpreter by absolute path: another interpreter or a moved checkout rebuilds.
  return JSON.stringify({
    version: SCHEMATHESIS_VERSION,
    python: python.executable,
    pythonVersion: python.version,
    dir: SCHEMATHESIS_VENV,
    sitecustomize: SCHEMATHESIS_PATCH_REVISION,
  });
}

async function ensureSchemathesis() {
  const fromEnv = overridePath('SCHEMATHESIS_PATH');
  if (fromEnv) return fromEnv;
  const python = findPython();
  if (!python) {
    log('schemathesis: `python3` with the venv module not found (the fuzz test skips itself)');
    return null;
  }
  const stamp = schemathesisStamp(python);
  const ready = () => isExecutable(SCHEMATHESIS_BIN) && readStamp('schemathesis') === stamp;
  if (ready()) return SCHEMATHESIS_BIN;
  return withLock('schemathesis', async () => {
    if (ready()) return SCHEMATHESIS_BIN;
    removeStamp('schemathesis');
    await installSchemathesis(python);
    writeStamp('schemathesis', stamp);
    return SCHEMATHESIS_BIN;
  });
}

async function installSchemathesis(python) {
  // A virtualenv cannot be moved once made, so it is built in place; the stamp marks it complete.
  fs.rmSync(SCHEMATHESIS_VENV, { recursive: true, force: true });
  log(
    `installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${path.relative(REPO, SCHEMATHESIS_VENV) || SCHEMATHESIS_VENV} (Python ${python.version})`,
  );
  let collected = 0;
  let installing = false;
  const hb = heartbeat(() => `schemathesis: ${installing ? 'installing' : `${collected} packages resolved`}`);
  try {
    await run(python.executable, ['-m', 'venv', SCHEMATHESIS_VENV]);
    const pip = path.join(SCHEMATHESIS_VENV, 'bin', 'pip');
    await run(pip, ['install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off', `schemathesis==${SCHEMATHESIS_VERSION}`], {
      env: { ...process.env, PIP_NO_INPUT: '1' },
      onLine(line) {
        if (line.startsWith('Collecting ')) collected += 1;
        else if (line.startsWith('Installing collected packages')) installing = true;
      },
    });
    if (!isExecutable(SCHEMATHESIS_BIN)) throw new Error(`pip finished but ${SCHEMATHESIS_BIN} is missing`);
    const venvPython = path.join(SCHEMATHESIS_VENV, 'bin', 'python');
    const sitePackages = spawnSync(venvPython, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], { encoding: 'utf8' }).stdout.trim();
    if (!sitePackages) throw new Error('cannot locate the virtualenv site-packages');
    fs.writeFileSync(path.join(sitePackages, 'sitecustomize.py'), SCHEMATHESIS_SITECUSTOMIZE);
  } catch (err) {
    hb.stop();
    fs.rmSync(SCHEMATHESIS_VENV, { recursive: true, force: true });
    throw err;
  }
  hb.stop(`installed schemathesis ${SCHEMATHESIS_VERSION} (${collected} packages)`);
}

// ---------------------------------------------------------------------------------------------
// Debian packages the tests use as independent readers of what the service writes: poppler
// (pdftotext, pdftoppm) and zbar (zbarimg) read the shipping labels back. Installed with apt-get
// when missing and this runs as root (CI, a fresh machine); otherwise the reason is logged and the
// tests that need them say they are skipped.
const DEBIAN_TOOLS = [
  { command: 'pdftoppm', pkg: 'poppler-utils' },
  { command: 'pdftotext', pkg: 'poppler-utils' },
  { command: 'zbarimg', pkg: 'zbar-tools' },
];

async function ensureDebianTools() {
  const missing = [...new Set(DEBIAN_TOOLS.filter((t) => !which(t.command)).map((t) => t.pkg))];
  if (missing.length === 0) return DEBIAN_TOOLS.map((t) => t.command).join(',');
  if (!which('apt-get') || (process.getuid && process.getuid() !== 0)) {
    log(`missing ${missing.join(', ')}: install them (apt-get install ${missing.join(' ')}) to run the label read-back tests`);
    return null;
  }
  return withLock('apt', async () => {
    const t0 = Date.now();
    log(`installing ${missing.join(', ')} (apt-get) …`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
    try {
      await install();
    } catch {
      // A fresh machine may have no package lists yet.
      await run('apt-get', ['update'], { env });
      await install();
    }
    log(`installed ${missing.join(', ')} in ${elapsed(t0)}`);
    return DEBIAN_TOOLS.map((t) => t.command).join(',');
  });
}

/** The Playwright version in node_modules, or null before it is installed. */
function playwrightVersion() {
  try {
    return require(path.join(REPO, 'node_modules', '@playwright', 'test', 'package.json')).version;
  } catch {
    return null;
  }
}

/**
 * Chromium for the browser tests: Debian's package, never a browser Playwright downloads
 * (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1). CHROMIUM_PATH wins; else /usr/bin/chromium, installed
 * with apt-get when missing and running as root.
 */
async function ensureChromium() {
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  const report = (p) => {
    const v = spawnSync(p, ['--version'], { encoding: 'utf8' });
    log(`browser tests: Playwright ${playwrightVersion() ?? '(not installed)'}, ${(v.stdout || v.stderr || 'chromium --version failed').trim()}`);
    return p;
  };
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (fs.existsSync(configured)) return report(configured);
    log(`CHROMIUM_PATH=${configured} does not exist; the browser tests cannot run`);
    return null;
  }
  const found = which('chromium');
  if (found) return report(found);
  if (!which('apt-get') || (process.getuid && process.getuid() !== 0)) {
    log('no chromium: install it (apt-get install chromium) or set CHROMIUM_PATH to run the browser tests');
    return null;
  }
  return withLock('apt', async () => {
    const t0 = Date.now();
    log('installing chromium (apt-get) …');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env });
    try {
      await install();
    } catch {
      await run('apt-get', ['update'], { env });
      await install();
    }
    log(`installed chromium in ${elapsed(t0)}`);
    const p = which('chromium');
    return p ? report(p) : null;
  });
}

// ---------------------------------------------------------------------------------------------

async function provisionAll() {
  // Go builds saturate the CPUs, so they run one after another; the Maven fetch is mostly network.
  const goTools = (async () => ({
    temporal: await ensureTemporalCli(),
    stripeMock: await ensureStripeMock(),
    mailpit: await ensureMailpit(),
  }))();
  const [tools, testServer, schemathesis, debianTools] = await Promise.all([goTools, ensureTestServer(), ensureSchemathesis(), ensureDebianTools()]);
  // After the other apt-get step: both take the same lock, this keeps the log in order.
  const chromium = await ensureChromium();
  return { ...tools, testServer, schemathesis, debianTools, chromium };
}

const TARGETS = {
  temporal: ensureTemporalCli,
  'temporal-server': ensureTemporalServer,
  'test-server': ensureTestServer,
  'stripe-mock': ensureStripeMock,
  mailpit: ensureMailpit,
  schemathesis: ensureSchemathesis,
  'debian-tools': ensureDebianTools,
  chromium: ensureChromium,
};

module.exports = {
  REPO,
  TOOLS_DIR,
  GO_TOOLS,
  TEST_SERVER_VERSION,
  SCHEMATHESIS_VERSION,
  ensureTemporalCli,
  ensureTestServer,
  ensureStripeMock,
  ensureMailpit,
  ensureTemporalServer,
  ensureSchemathesis,
  ensureDebianTools,
  ensureChromium,
  provisionAll,
};

if (require.main === module) {
  const target = process.argv[2] || 'all';
  const main = async () => {
    if (target === 'all') {
      const all = await provisionAll();
      for (const [name, p] of Object.entries(all)) process.stdout.write(`${name}\t${p ?? '(unavailable)'}\n`);
      return;
    }
    const fn = TARGETS[target];
    if (!fn) {
      process.stderr.write(`usage: node scripts/provision.js [all|${Object.keys(TARGETS).join('|')}]\n`);
      process.exit(2);
    }
    const p = await fn();
    if (!p) process.exit(1);
    if (typeof p === 'string') process.stdout.write(`${p}\n`);
    else for (const [name, v] of Object.entries(p)) process.stdout.write(`${name}\t${v}\n`);
  };
  main().catch((err) => {
    log(`failed: ${err.message}`);
    process.exit(1);
  });
}
