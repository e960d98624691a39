/**
 * The one Api the UI talks to: the Electron preload's `window.splitlens` when present, otherwise
 * the serve-mode HTTP client with the token from the page URL (then removed from the address bar).
 */
import type { UiApi } from '../../../src/api/contract';
import { createHttpApi } from './http-client';

declare global {
  interface Window {
    splitlens?: UiApi;
  }
}

let api: UiApi | undefined;

export function getApi(): UiApi {
  if (api) return api;
  if (window.splitlens) return (api = window.splitlens);
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token') ?? sessionStorage.getItem('splitlens-token') ?? '';
  // Keep the token for reloads of this tab only, and out of the visible URL and history.
  sessionStorage.setItem('splitlens-token', token);
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return (api = createHttpApi(token));
}
