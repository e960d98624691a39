/**
 * Cold start with a warm disk cache (`npm run bench`, part `start`): `splitlens serve` started as a
 * new process, then the five headline models asked for a prediction the way the UI asks (one
 * predict call per model, all at once) — time to the first model's result (first model on screen)
 * and to all five — against plain onnxruntime-node's cold start on the same five ONNX files (a new
 * Node process: import ORT, create each session, one run each). Rounds alternate so load from other
 * processes hits both alike; medians are reported. Both sides start from files the OS has cached.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADLINE_PRESETS } from '../zoo/index.js';
import { cachedPresetPlan } from '../runtime/engine/model-sources.js';
import { defaultThreads } from '../runtime/engine/ort-engine.js';
import { appRoot } from '../platform/paths.js';
import { TOKEN_HEADER } from '../common/api-methods.js';

export interface ColdStartRound {
  /** `serve` spawned → its URL printed, ms. */
  serveReadyMs: number;
  /** Spawned → the first model's prediction (first model on screen), ms. */
  firstModelMs: number;
  /** Spawned → all five predictions, ms. */
  allModelsMs: number;
  /** Plain onnxruntime-node in a new process: import, then per file a session and one run, ms. */
  plainMs: number;
  /** The same process → its first model's run done, ms. */
  plainFirstMs?: number;
}

export interface ColdStartReport {
  models: string[];
  threads: number;
  rounds: ColdStartRound[];
  /** Medians over the rounds. */
  serveReadyMs: number;
  firstModelMs: number;
  allModelsMs: number;
  plainMs: number;
  plainFirstMs?: number;
  /** allModels / plain: goal ≤ 1.3. */
  ratio: number;
  /** The machine's 1-minute load average when the rounds began and when they ended. */
  loadAverage?: [number, number];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** A Node script: import ORT, then per file create a session (same options as splitlens) and run once. */
const PLAIN_SCRIPT = `
const ort = await import('onnxruntime-node');
const [threads, ...files] = JSON.parse(process.argv[1]);
for (const [file, h, w] of files) {
  const s = await ort.InferenceSession.create(file, {
    executionProviders: ['cpu'], graphOptimizationLevel: 'all', executionMode: 'sequential',
    logSeverityLevel: 3, intraOpNumThreads: threads, extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
  const x = new ort.Tensor('float32', new Float32Array(3 * h * w), [1, 3, h, w]);
  await s.run({ [s.inputNames[0]]: x });
  if (file === files[0][0]) process.stdout.write('first model done\\n');
}
`;

function runProcess(args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: appRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => onLine?.(c.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(performance.now() - t0) : reject(new Error(`exit ${code}: ${err.trim().split('\n')[0]}`)),
    );
  });
}

async function post<T>(base: string, token: string, method: string, args: unknown[]): Promise<T> {
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
    body: JSON.stringify(args),
  });
  if (!res.ok) throw new Error(`${method}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** One serve start → five predictions, as the UI asks for them. */
async function serveRound(env: NodeJS.ProcessEnv): Promise<Omit<ColdStartRound, 'plainMs'>> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/splitlens.mjs', 'serve', '--port', '0'], {
    cwd: appRoot(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+)\/\?token=([\w-]+)/.exec(out);
        if (m) resolve(`${m[1]} ${m[2]}`);
      });
      child.once('exit', (code) => reject(new Error(`splitlens serve exited with ${code}`)));
    });
    const serveReadyMs = performance.now() - t0;
    const [base, token] = url.split(' ') as [string, string];
    const [models, samples] = await Promise.all([
      post<{ id: string }[]>(base, token, 'listModels', []),
      post<{ id: string }[]>(base, token, 'sampleImages', []),
    ]);
    let firstModelMs = 0;
    await Promise.all(
      models.map(async (m) => {
        const r = await post<{ results: { error?: string }[] }>(base, token, 'predict', [
          { imageId: samples[0]!.id, modelIds: [m.id] },
        ]);
        if (r.results[0]?.error) throw new Error(`${m.id}: ${r.results[0].error}`);
        firstModelMs ||= performance.now() - t0;
      }),
    );
    return { serveReadyMs, firstModelMs, allModelsMs: performance.now() - t0 };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

export async function coldStartBench(
  opts: { rounds?: number; log?: (l: string) => void } = {},
): Promise<ColdStartReport | { skipped: string }> {
  const log = opts.log ?? (() => undefined);
  if (!existsSync(join(appRoot(), 'dist', 'cli', 'splitlens.mjs')))
    return { skipped: 'splitlens is not built (`npm run build`): the serve start was not measured' };
  const models = [...HEADLINE_PRESETS];
  const threads = defaultThreads();
  const cache = mkdtempSync(join(tmpdir(), 'splitlens-bench-cache-'));
  const env: NodeJS.ProcessEnv = { ...process.env, SPLITLENS_CACHE_DIR: cache };
  delete env.SPLITLENS_TINY_ZOO;
  try {
    // Warm the disk cache as a first start would (and learn where the five ONNX files are).
    log('start: building the five headline models into a fresh disk cache');
    const files: [string, number, number][] = [];
    for (const preset of models) {
      const { plan } = await cachedPresetPlan(preset, { saliency: true, cacheDir: join(cache, 'models') });
      if (!('path' in plan.source)) throw new Error(`${preset}: the disk cache could not be written`);
      // Run at the size splitlens runs the model at (the checkpoint's test size, else 224).
      const [h, w] = plan.meta.preprocess?.size ?? [224, 224];
      files.push([plan.source.path, h, w]);
    }
    // One serve start lets ORT save its optimised models beside them, as the first start does.
    await serveRound(env);
    const rounds: ColdStartRound[] = [];
    const loadStart = loadavg()[0]!;
    for (let i = 0; i < (opts.rounds ?? 3); i++) {
      log(`start: round ${i + 1}: splitlens serve → five predictions, then plain ORT on the same files`);
      const s = await serveRound(env);
      const started = performance.now();
      let plainFirstMs = 0;
      const plainMs = await runProcess(
        ['--input-type=module', '-e', PLAIN_SCRIPT, JSON.stringify([threads, ...files])],
        env,
        (out) => void (out.includes('first model done') && (plainFirstMs ||= performance.now() - started)),
      );
      rounds.push({ ...s, plainMs, plainFirstMs });
    }
    const allModelsMs = median(rounds.map((r) => r.allModelsMs));
    const plainMs = median(rounds.map((r) => r.plainMs));
    return {
      models,
      threads,
      rounds,
      serveReadyMs: median(rounds.map((r) => r.serveReadyMs)),
      firstModelMs: median(rounds.map((r) => r.firstModelMs)),
      allModelsMs,
      plainMs,
      plainFirstMs: median(rounds.map((r) => r.plainFirstMs ?? 0)),
      ratio: allModelsMs / plainMs,
      loadAverage: [loadStart, loadavg()[0]!],
    };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

const f0 = (v: number): string => v.toFixed(0);

export function coldStartMarkdown(r: ColdStartReport | { skipped: string }): string {
  const head = '## Cold start with a warm disk cache: `splitlens serve` → five predictions';
  if ('skipped' in r) return [head, '', `Skipped: ${r.skipped}.`].join('\n');
  return [
    head,
    '',
    `The five headline models (${r.models.join(', ')}), ${r.threads} threads, median of ${r.rounds.length} rounds.`,
    'splitlens: a new `serve` process, then one predict call per model at once, as the UI asks; each',
    "model loads from the disk cache (ORT's optimised model, its weights memory-mapped from the file beside it) and its prediction is queued right behind",
    'its own load. Plain ORT: a new Node process creating a session from each of the same five ONNX',
    'files and running it once. `serve` forks its inference worker before its own modules load and',
    'loads the listed models in list order from the start, so the first model is ready sooner.',
    ...(r.loadAverage
      ? [
          '',
          `Load average of this machine (other work shares its cores): ${r.loadAverage.map((l) => l.toFixed(1)).join(' at the start, ')} at the end; compare the ratio, measured in the same rounds.`,
        ]
      : []),
    '',
    '| serve ready ms | first model on screen ms | five predictions ms | plain ORT cold load + first run ms | ratio (goal ≤ 1.3) |',
    '|---|---|---|---|---|',
    `| ${f0(r.serveReadyMs)} | ${f0(r.firstModelMs)} (goal ≤ 1500) | ${f0(r.allModelsMs)} | ${f0(r.plainMs)} | ${r.ratio.toFixed(2)}x |`,
    ...(r.plainFirstMs
      ? [
          '',
          `Plain ORT's first model (its process started → first file's session and run done): ${f0(r.plainFirstMs)} ms; splitlens's first model on screen is ${(r.firstModelMs / r.plainFirstMs).toFixed(2)}x that in the same rounds (it also starts the HTTP server, lists the models, makes the sample previews and answers over HTTP).`,
        ]
      : []),
  ].join('\n');
}
