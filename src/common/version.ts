/** The app version, injected by the build; `dev` when running from sources. */
declare const __SPLITLENS_VERSION__: string | undefined;
export const VERSION: string = typeof __SPLITLENS_VERSION__ === 'string' ? __SPLITLENS_VERSION__ : '0.1.0-dev';
