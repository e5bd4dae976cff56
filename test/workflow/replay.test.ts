// Replays every recorded history (test/histories, from `npm run record-histories`) against the
// current workflow code: a change that would break replacements in flight fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../helpers/temporal';
import { HISTORIES_DIR } from './world';

// Top level: histories of the current code's paths. Sub-folders: histories recorded by earlier
// versions of the workflow, kept to prove that replacements started before a change still replay.
const files = readdirSync(HISTORIES_DIR, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort();

test('recorded histories exist for the workflow paths, current and from earlier versions', () => {
  // One per scenario in replacement.test.ts; re-record when a scenario is added.
  expect(files.filter((f) => !f.includes('/')).length).toBeGreaterThanOrEqual(20);
  expect(files.filter((f) => f.includes('/')).length).toBeGreaterThanOrEqual(20);
});

test('every recorded history replays without non-determinism', async () => {
  const bundle = workflowBundle();
  const histories = files.map((f) => ({
    workflowId: f.replace(/\.json$/, ''),
    history: temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(join(HISTORIES_DIR, f), 'utf8'))),
  }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories(
    bundle ? { workflowBundle: bundle } : { workflowsPath: require.resolve('../../workflows') },
    histories,
  )) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  // Over a hundred histories, each replayed from a workflow bundle: minutes on a loaded 2-core machine.
}, 300_000);
