/**
 * The Api's IPC handlers as plain functions: each checks the sender (our renderer's main frame
 * only), validates the arguments with the shared schemas (src/api/schemas.ts), checks that any
 * file path was chosen by the user, and only then calls src/api. ipc-bridge.ts attaches them to
 * ipcMain; tests call them directly.
 */
import type { Api, FileSource, ModelEntry, ImageEntry, PredictResponse } from '../src/api/contract.js';
import type { ApiMethod } from '../src/common/api-methods.js';
import { API_METHODS } from '../src/common/api-methods.js';
import { validateArgs } from '../src/api/schemas.js';
import { isUserError, oneLine } from '../src/common/errors.js';
import { isTrustedSender } from './security-policy.js';
import type { PathGrants } from './path-grants.js';
import type { FileRole } from './open-requests.js';

/** Who sent an IPC message: the URL of the sending frame and whether it is the main frame. */
export interface IpcSender {
  url: string | undefined;
  isMainFrame: boolean;
}

export type IpcHandler = (sender: IpcSender, args: unknown[]) => Promise<unknown>;

/** Hooks for the shell: recent files, the provider shown in Help ▸ About. */
export interface ApiHandlerHooks {
  onOpened?(role: FileRole, path: string, entry: ModelEntry | ImageEntry): void;
  onPredicted?(response: PredictResponse): void;
}

export class UntrustedSenderError extends Error {
  override name = 'UntrustedSenderError';
}

/** Throws unless the message comes from our renderer's main frame. */
export function assertTrustedSender(sender: IpcSender, channel: string): void {
  if (!isTrustedSender(sender.url, sender.isMainFrame)) {
    const from = (sender.url ?? 'an unknown frame').slice(0, 120);
    throw new UntrustedSenderError(`refused ${channel} from ${from}${sender.isMainFrame ? '' : ' (subframe)'}`);
  }
}

export function createApiHandlers(
  api: Api,
  grants: PathGrants,
  hooks: ApiHandlerHooks = {},
): Record<ApiMethod, IpcHandler> {
  const call = async (method: ApiMethod, args: unknown[]): Promise<unknown> => {
    switch (method) {
      case 'openModel':
      case 'openImage': {
        const source = grants.check(args[0] as FileSource);
        const role: FileRole = method === 'openModel' ? 'model' : 'image';
        const entry = method === 'openModel' ? await api.openModel(source) : await api.openImage(source);
        if (source.kind === 'path') hooks.onOpened?.(role, source.path, entry);
        return entry;
      }
      case 'inspectCheckpoint':
        return api.inspectCheckpoint(grants.check(args[0] as FileSource));
      case 'openCheckpoint': {
        const req = args[0] as Parameters<Api['openCheckpoint']>[0];
        const source = grants.check(req.source);
        const entry = await api.openCheckpoint({ ...req, source });
        if (source.kind === 'path') hooks.onOpened?.('model', source.path, entry);
        return entry;
      }
      case 'predict': {
        const response = await api.predict(args[0] as Parameters<Api['predict']>[0]);
        hooks.onPredicted?.(response);
        return response;
      }
      default:
        return (api[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    }
  };
  return Object.fromEntries(
    API_METHODS.map((method) => [
      method,
      async (sender: IpcSender, args: unknown[]) => {
        assertTrustedSender(sender, method);
        return call(method, validateArgs(method, args));
      },
    ]),
  ) as Record<ApiMethod, IpcHandler>;
}

/** What crosses IPC: Electron flattens thrown errors into "Error invoking remote method…". */
export type IpcResult =
  { ok: true; value: unknown } | { ok: false; error: { name: string; message: string; user: boolean } };

/** Runs a handler and wraps its outcome; the preload unwraps it into a value or a clean Error. */
export async function toIpcResult(run: () => Promise<unknown>): Promise<IpcResult> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    const user = isUserError(e) || e instanceof UntrustedSenderError;
    const name = e instanceof Error ? e.name : 'Error';
    return { ok: false, error: { name, message: oneLine(e) || 'unknown error', user } };
  }
}
