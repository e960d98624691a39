import type { Command } from 'commander';
import { UserError } from '../../common/errors.js';
import { benchSuite, type BenchSuiteOptions } from '../../bench/bench-report.js';
import { parseProvider } from '../../runtime/engine/raw-tensor.js';
import { positiveInt } from '../flag-parsers.js';
import { checkOutputPath, writeFileSafely } from '../../platform/safe-write.js';
import { assetPath } from '../../platform/paths.js';
import { createApi } from '../../api/create-api.js';
import { startServer } from '../../server/server.js';
import type { ServeHandle } from '../../bench/ui-bench.js';
import { mergeJsonReports, mergeMarkdownReports } from '../../bench/merge-report.js';
import { existsSync, readFileSync } from 'node:fs';

/** What an earlier run wrote to `path` ('' when nothing readable is there). */
function previousText(path: string): string {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
  } catch {
    return '';
  }
}

/** An earlier run's JSON, or nothing when the file is absent or not JSON. */
function previousJson(path: string): unknown {
  try {
    return JSON.parse(previousText(path)) as unknown;
  } catch {
    return undefined;
  }
}

/** Serve mode in process for the bench's `ui` part: the five headline models, CPU, the given threads. */
async function serveForBench(threads: number): Promise<ServeHandle> {
  const api = createApi({ host: 'serve', inference: { intraOpThreads: threads, providers: ['cpu'] } });
  const server = await startServer({ api, staticDir: assetPath() });
  return {
    port: server.port,
    token: server.token,
    close: async () => {
      await server.close();
      await api.dispose();
    },
  };
}

const PARTS = ['build', 'analysis', 'runtime', 'ui', 'start', 'diagram', 'torch', 'playground', 'stats'] as const;
type Part = (typeof PARTS)[number];

function parseParts(text: string): Part[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of parts) {
    if (!(PARTS as readonly string[]).includes(p))
      throw new UserError(`--only: unknown part '${p}' (use ${PARTS.join(', ')})`);
  }
  return parts as Part[];
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description(
      'run the benchmarks (zoo build, analysis, inference, cold start, diagram export, PyTorch eager peer, playground, stats throughput) and print a Markdown report',
    )
    .option('--only <parts>', `comma-separated parts: ${PARTS.join(', ')}`, parseParts)
    .option('--runs <n>', 'timed runs per inference measurement', positiveInt('--runs'), 20)
    .option('--ep <provider>', 'execution provider for inference (cpu, webgpu, cuda, dml, coreml)')
    .option('-o, --out <file.md>', 'also write the report to this file (sections not measured now are kept)')
    .option('--json <file.json>', 'also write the raw results (by part) to this file')
    .action(async (flags: { only?: Part[]; runs: number; ep?: string; out?: string; json?: string }) => {
      if (flags.out !== undefined) checkOutputPath(flags.out, { flag: '-o' });
      if (flags.json !== undefined) checkOutputPath(flags.json, { flag: '--json' });
      const providers = flags.ep ? parseProvider(flags.ep) : undefined;
      const opts: BenchSuiteOptions = {
        runs: flags.runs,
        ...(flags.only ? { parts: flags.only } : {}),
        ...(providers ? { runtime: { providers } } : {}),
        log: (line) => process.stderr.write(`bench: ${line}\n`),
        serve: serveForBench,
        data: {},
      };
      const report = await benchSuite(opts);
      process.stdout.write(report);
      // The files keep what this run did not measure (other parts, figures recorded by tests).
      if (flags.out !== undefined)
        await writeFileSafely(flags.out, mergeMarkdownReports(previousText(flags.out), report), { flag: '-o' });
      if (flags.json !== undefined) {
        const data = mergeJsonReports(previousJson(flags.json), opts.data ?? {});
        await writeFileSafely(flags.json, JSON.stringify(data, null, 2) + '\n', { flag: '--json' });
      }
    });
}
