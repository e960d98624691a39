/**
 * The Host in a browser (serve mode): the HTTP Api with the token from the page URL (then removed
 * from the address bar), files uploaded as bytes, exports saved as downloads, no native menus.
 */
import { createHttpApi } from '../api/http-client';
import { download, fileToSource } from './page-files';
import type { Host } from './host';
import { localHostStorage } from './host-storage';

function httpApiFromPageToken() {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token') ?? sessionStorage.getItem('splitlens-token') ?? '';
  // Keep the token for reloads of this tab only, and out of the visible URL and history.
  sessionStorage.setItem('splitlens-token', token);
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return createHttpApi(token);
}

export function createBrowserHost(): Host {
  return {
    kind: 'browser',
    storage: localHostStorage(),
    api: httpApiFromPageToken(),
    onOpenFile: () => () => {},
    onMenu: () => () => {},
    fileSource: (file) => fileToSource(file),
    async saveFile(name, text, type) {
      download(name, text, type);
      return {};
    },
  };
}
