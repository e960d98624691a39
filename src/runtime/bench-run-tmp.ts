import { runBench, benchMarkdown } from './bench.js';
const r = await runBench({ runs: Number(process.argv[2] ?? 10), models: process.argv[3]?.split(','), log: (l) => process.stderr.write(l + '\n') });
process.stdout.write(benchMarkdown(r));
console.log(JSON.stringify(r));
