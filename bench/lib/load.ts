// Bounded HTTP load with autocannon: a fixed number of requests (`amount`) or a fixed time
// (`durationS`), always on loopback.
import autocannon from 'autocannon';
import { percentile } from './stats';

export interface LatencySummary {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** Milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  /** Requests per second over the run. */
  rps: number;
  durationS: number;
}

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  amount?: number;
  durationS?: number;
  /** Varies each request (path, headers, body); called once per request sent. */
  next?: (i: number) => { path?: string; headers?: Record<string, string>; body?: string };
}

export async function load(spec: LoadSpec): Promise<LatencySummary> {
  if (!/^http:\/\/127\.0\.0\.1:/.test(spec.url)) throw new Error(`load only targets loopback, not ${spec.url}`);
  let i = 0;
  // autocannon's own histogram counts whole milliseconds; a loopback no-op answers well under one.
  const samples: number[] = [];
  const options: autocannon.Options = {
    url: spec.url,
    method: spec.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...spec.headers },
    body: spec.body,
    connections: spec.connections,
    ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.durationS ?? 5 }),
    // A stuck request must not stall the run; it counts as an error instead.
    timeout: 60,
    ...(spec.next
      ? {
          requests: [
            {
              setupRequest: (req: autocannon.Request) => {
                const v = spec.next!(i++);
                return {
                  ...req,
                  ...(v.path ? { path: v.path } : {}),
                  ...(v.body !== undefined ? { body: v.body } : {}),
                  headers: { ...req.headers, ...v.headers },
                };
              },
            },
          ],
        }
      : {}),
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) samples.push(ms);
    });
  });
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    p50: round(percentile(samples, 50)),
    p90: round(percentile(samples, 90)),
    p99: round(percentile(samples, 99)),
    max: round(samples.reduce((a, b) => Math.max(a, b), 0)),
    mean: round(samples.reduce((a, b) => a + b, 0) / Math.max(samples.length, 1)),
    rps: round(result.requests.total / Math.max(result.duration, 0.001)),
    durationS: round(result.duration),
  };
}
