/**
 * Attaches security-policy.ts to Electron objects: permission handlers on the session, and on
 * every webContents the navigation, redirect, new-window, <webview> and download guards
 * (Electron security checklist #5, #11-15). Applied from app 'web-contents-created', so no
 * webContents is ever missed.
 */
import type { Session, WebContents } from 'electron';
import {
  WINDOW_OPEN_RESPONSE,
  externalLinkTarget,
  isDownloadAllowed,
  isNavigationAllowed,
  isPermissionGranted,
} from './security-policy.js';

type SessionLike = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'on'
>;

export function hardenSession(ses: SessionLike): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionGranted(permission, details.requestingUrl)),
  );
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin),
  );
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event, item) => {
    if (!isDownloadAllowed(item.getURL())) event.preventDefault();
  });
}

type ContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** `openExternal` is shell.openExternal; it only ever sees allowlisted https URLs. */
export function hardenWebContents(contents: ContentsLike, openExternal: (url: string) => Promise<void>): void {
  const openIfExternal = (url: string) => {
    const external = externalLinkTarget(url);
    if (external) void openExternal(external).catch(() => undefined);
  };
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (isNavigationAllowed(url)) return;
    event.preventDefault();
    openIfExternal(url);
  };
  contents.on('will-navigate', (event) => guard(event, event.url));
  contents.on('will-frame-navigate', (event) => guard(event, event.url));
  contents.on('will-redirect', (event) => guard(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openIfExternal(url);
    return WINDOW_OPEN_RESPONSE;
  });
}
