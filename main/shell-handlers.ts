/**
 * Handlers for the shell's own invoke channels (src/common/shell-bridge.ts): saving an exported SVG where
 * the user picks, and granting a dropped file. Same rules as the Api handlers: trusted sender,
 * zod-validated arguments; the dialog and the file system come in as functions.
 */
import { z } from 'zod';
import { basename } from 'node:path';
import { apiSchemas } from '../src/api/schemas.js';
import { UserError } from '../src/common/errors.js';
import { assertTrustedSender, type IpcSender } from './ipc-handlers.js';
import { fileRole, type FileRole } from './open-requests.js';
import type { PathGrants } from './path-grants.js';
import { SHELL_CHANNELS, type OpenFileEvent } from '../src/common/shell-bridge.js';

export const MAX_SVG_BYTES = 64 * 1024 * 1024;

const saveSvgArgs = z.tuple([
  z
    .string()
    .max(MAX_SVG_BYTES)
    .refine(
      (s) => /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/.test(s.slice(0, 4096)),
      'is not an SVG document',
    ),
  z.string().max(255),
]);

const droppedFileArgs = z.tuple([apiSchemas().absolutePath]);

function parse<T>(schema: z.ZodType<T>, channel: string, args: unknown[]): T {
  const r = schema.safeParse(args);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new UserError(
    `invalid arguments for ${channel}: ${issue.path.join('.') || 'arguments'}: ${issue.message.split('\n')[0]}`,
  );
}

/** A safe default file name for the save dialog: `<name>.svg`, no folders or odd characters. */
export function svgFileName(suggested: string): string {
  const stem = basename(suggested.replace(/\\/g, '/'))
    .replace(/\.svg$/i, '')
    .replace(/[^A-Za-z0-9._ -]+/g, '_')
    .replace(/^[.\s]+/, '')
    .slice(0, 100);
  return `${stem || 'diagram'}.svg`;
}

/** Grants `path` (a file the user chose) and names it for the renderer to open. */
export function grantOpenFile(grants: PathGrants, path: string, role: FileRole): OpenFileEvent {
  const granted = grants.grant(path);
  return { role, name: basename(granted), source: { kind: 'path', path: granted } };
}

export interface ShellDeps {
  grants: PathGrants;
  /** Shows a save dialog; the chosen path or undefined when cancelled. */
  chooseSavePath(defaultName: string): Promise<string | undefined>;
  writeFile(path: string, data: string): Promise<void>;
  isFile(path: string): Promise<boolean>;
}

export function createShellHandlers(deps: ShellDeps) {
  return {
    async saveSvg(sender: IpcSender, args: unknown[]): Promise<string | null> {
      assertTrustedSender(sender, SHELL_CHANNELS.saveSvg);
      const [svg, suggested] = parse(saveSvgArgs, SHELL_CHANNELS.saveSvg, args);
      const target = await deps.chooseSavePath(svgFileName(suggested));
      if (!target) return null;
      await deps.writeFile(target, svg);
      return target;
    },
    async droppedFile(sender: IpcSender, args: unknown[]): Promise<OpenFileEvent | null> {
      assertTrustedSender(sender, SHELL_CHANNELS.droppedFile);
      const [path] = parse(droppedFileArgs, SHELL_CHANNELS.droppedFile, args);
      const role = fileRole(path);
      if (!role || !(await deps.isFile(path))) return null;
      return grantOpenFile(deps.grants, path, role);
    },
  };
}
