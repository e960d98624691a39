#!/usr/bin/env node
// `npx splitlens`: runs the bundled CLI (built by `npm install` via the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli/splitlens.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('error: splitlens is not built yet: run `npm run build` in the splitlens folder\n');
  process.exit(1);
}
// `splitlens serve`: the inference worker starts now, while the CLI bundle loads, and the serve
// Api adopts it (`adoptEarlyWorker` in src/runtime/worker/worker-channel.ts): its first model is
// ready sooner. Unref'd until adopted, so a serve that fails to start still exits.
const args = process.argv.slice(2);
const worker = fileURLToPath(new URL('../dist/cli/inference-worker.mjs', import.meta.url));
if (args[0] === 'serve' && !args.includes('-h') && !args.includes('--help') && existsSync(worker)) {
  const { fork } = await import('node:child_process');
  const child = fork(worker, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  const messages = [];
  const keep = (m) => messages.push(m);
  child.on('message', keep);
  child.on('error', () => undefined);
  child.unref();
  child.channel?.unref();
  globalThis[Symbol.for('splitlens.earlyWorker')] = { file: worker, child, messages, keep };
}
const { main } = await import(bundle.href);
await main(args);
