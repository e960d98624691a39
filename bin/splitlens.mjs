#!/usr/bin/env node
// `npx splitlens`: runs the bundled CLI (built by `npm install` via the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli/splitlens.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('error: splitlens is not built yet: run `npm run build` in the splitlens folder\n');
  process.exit(1);
}
const { main } = await import(bundle.href);
await main(process.argv.slice(2));
