// Liveness, readiness and metrics for operators.
import { problem, sendProblem } from '../problem';
import type { HandlerContext } from '../route-table';
import { rootMessage } from '../temporal-errors';

const READINESS_TIMEOUT_MS = 2_000;

type Ctx = HandlerContext<undefined, undefined>;

/** 200 while the process can answer at all; restarts are for when this stops. */
export function healthz({ res }: Ctx) {
  res.json({ status: 'ok' });
}

async function check(fn: () => Promise<unknown>, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return 'ok';
  } catch (err) {
    return `failed: ${rootMessage(err).slice(0, 200)}`;
  } finally {
    clearTimeout(timer);
  }
}

/** 200 only when this instance can do its work: not draining, Temporal and the database answering. */
export async function readyz({ req, res, services }: Ctx) {
  const checks: Record<string, string> = {};
  if (services.isShuttingDown()) checks.process = 'failed: shutting down';
  [checks.temporal, checks.database] = await Promise.all([
    check(
      () => services.temporal.withDeadline(Date.now() + READINESS_TIMEOUT_MS, () => services.temporal.workflowService.getSystemInfo({})),
      READINESS_TIMEOUT_MS + 500,
    ),
    check(() => services.database.query('SELECT 1'), READINESS_TIMEOUT_MS),
  ]);
  const failed = Object.entries(checks).filter(([, v]) => v !== 'ok');
  if (failed.length === 0) {
    res.json({ status: 'ok', checks });
    return;
  }
  const detail = `Not ready: ${failed.map(([name, v]) => `${name} ${v}`).join('; ')}.`;
  sendProblem(req, res, problem('unavailable', detail, { extensions: { checks } }));
}

export async function metrics({ res, services }: Ctx) {
  res.type(services.metrics.registry.contentType).send(await services.metrics.registry.metrics());
}
