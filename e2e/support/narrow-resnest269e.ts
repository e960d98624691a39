/**
 * The big-graph specs' model: timm's ResNeSt-269e block structure (89 blocks) with narrow channels
 * (e2e/support/resnest269e-narrow.json), built by the CLI into test-results/ so the file stays small.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/** Build the narrow ResNeSt-269e at 64 px into `out` (a path under test-results/). */
export function buildNarrowResnest269e(out: string): void {
  mkdirSync('test-results', { recursive: true });
  execFileSync(process.execPath, [
    'bin/splitlens.mjs',
    'build',
    '--timm-spec',
    'e2e/support/resnest269e-narrow.json',
    '--input-size',
    '64',
    '-o',
    out,
  ]);
}
