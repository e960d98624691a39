/**
 * `splitlens serve [--port N] [--open]`: the UI in a browser, on 127.0.0.1 only. Prints the URL with
 * the per-run token and runs until interrupted (Ctrl+C).
 */
import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../common/errors.js';
import { appRoot } from '../../platform/paths.js';
import { startServer } from '../../server/server.js';

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UserError(`--port must be a number 0..65535, got "${text}"`);
  return port;
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`could not start a browser (${cmd}); open the URL yourself\n`));
  child.unref();
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('the splitlens UI in your browser (loopback only)')
    .option('--port <n>', 'port on 127.0.0.1 (default: a random free port)')
    .option('--open', 'open the UI in the default browser')
    .action(async (opts: { port?: string; open?: boolean }) => {
      const port = parsePort(opts.port);
      const staticDir = join(appRoot(), 'dist', 'renderer');
      if (!existsSync(join(staticDir, 'index.html'))) {
        throw new UserError(`the UI is not built (${staticDir} has no index.html): run \`npm run build\``);
      }
      const server = await startServer({ port, staticDir, preload: true }).catch((e: unknown) => {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE')
          throw new UserError(`port ${port} on 127.0.0.1 is in use: pick another with --port or leave it out`);
        throw e;
      });
      process.stdout.write(`splitlens is serving on ${server.url}\n(loopback only; press Ctrl+C to stop)\n`);
      if (opts.open) openBrowser(server.url);
      await new Promise<void>((resolve) => {
        const stop = () => void server.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
