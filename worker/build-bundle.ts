// Prebuilds the workflow bundle so production workers start without webpack:
// `npm run build` writes dist/workflow-bundle.js; point WORKFLOW_BUNDLE_PATH at it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

export async function buildWorkflowBundle(outFile: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve(join(__dirname, '../workflows')) });
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, code);
  return outFile;
}

if (require.main === module) {
  const out = resolve(process.argv[2] ?? join(__dirname, '..', 'workflow-bundle.js'));
  buildWorkflowBundle(out)
    .then((file) => process.stdout.write(`workflow bundle written to ${file}\n`))
    .catch((err) => {
      process.stderr.write(`bundling failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
}
