// Prometheus metrics on a registry of the app's own, so several apps in one process (tests) never
// collide on metric names.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ApiMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  workflowsStarted: Counter<'outcome'>;
  updates: Counter<'update' | 'outcome'>;
  signals: Counter<'signal' | 'outcome'>;
}

export function createMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    workflowsStarted: new Counter({
      name: 'replacement_workflows_started_total',
      help: 'POST /v1/replacements by outcome: created, replayed (same Idempotency-Key and body), conflict (same key, different body)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    updates: new Counter({
      name: 'replacement_updates_total',
      help: 'Workflow updates sent by the API, by update name and outcome (accepted, rejected, not_found, error)',
      labelNames: ['update', 'outcome'],
      registers: [registry],
    }),
    signals: new Counter({
      name: 'replacement_signals_total',
      help: 'Webhook events signalled to workflows, by signal and outcome (delivered, ignored, duplicate: already received, error)',
      labelNames: ['signal', 'outcome'],
      registers: [registry],
    }),
  };
}
