// startProcess() runs the provisioned Mailpit and stripe-mock, waits until they answer, and
// stop() leaves nothing behind.
import fs from 'node:fs';
import { freePort, httpReady, startProcess, tcpReady, type StartedProcess } from '../helpers/processes';

/** Dead, or a zombie waiting for an adoptive parent to reap it. */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

async function stopAndCheck(server: StartedProcess): Promise<void> {
  await server.stop();
  expect(gone(server.pid)).toBe(true);
}

const mailpit = process.env.TEST_MAILPIT_PATH;
const stripeMock = process.env.TEST_STRIPE_MOCK_PATH;

(mailpit ? test : test.skip)('Mailpit starts, serves its API and stops', async () => {
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const server = await startProcess({
    name: 'mailpit',
    cmd: mailpit as string,
    args: ['--smtp', `127.0.0.1:${smtpPort}`, '--listen', `127.0.0.1:${httpPort}`, '--disable-version-check'],
    readyCheck: async () => (await tcpReady(smtpPort)) && httpReady(`http://127.0.0.1:${httpPort}/api/v1/info`),
  });
  try {
    const info = (await (await fetch(`http://127.0.0.1:${httpPort}/api/v1/info`)).json()) as { Version: string };
    expect(info.Version).toMatch(/\d+\.\d+/);
  } finally {
    await stopAndCheck(server);
  }
});

(stripeMock ? test : test.skip)('stripe-mock starts, answers the API and stops', async () => {
  const port = await freePort();
  const server = await startProcess({
    name: 'stripe-mock',
    cmd: stripeMock as string,
    args: ['-http-addr', `127.0.0.1:${port}`],
    readyCheck: () => tcpReady(port),
  });
  try {
    const res = await fetch(`http://127.0.0.1:${port}/v1/customers`, { headers: { Authorization: 'Bearer sk_test_123' } });
    expect(res.status).toBe(200);
  } finally {
    await stopAndCheck(server);
  }
});

test('a process that exits before it is ready is reported with its output', async () => {
  await expect(
    startProcess({ name: 'quitter', cmd: process.execPath, args: ['-e', 'console.error("bye"); process.exit(3)'], readyCheck: async () => false }),
  ).rejects.toThrow(/quitter exited \(code 3\) before it was ready:\s+bye/);
});

test('stop() takes down the whole process group', async () => {
  // A parent that forks a grandchild which ignores SIGTERM.
  const script = `
    const { spawn } = require('node:child_process');
    const c = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); console.log(process.pid); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'inherit', 'inherit'] });
    setInterval(() => {}, 1000);
  `;
  const server = await startProcess({
    name: 'forker',
    cmd: process.execPath,
    args: ['-e', script],
    readyCheck: async (proc) => /\d+/.test(proc.output()),
  });
  const grandchild = Number(/(\d+)/.exec(server.output())?.[1]);
  expect(gone(grandchild)).toBe(false);
  await server.stop(500);
  expect(gone(server.pid)).toBe(true);
  expect(gone(grandchild)).toBe(true);
});
