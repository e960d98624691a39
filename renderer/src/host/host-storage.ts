/**
 * What the app remembers between runs (opened models, names given to models, recent photos), as
 * small JSON values by key. The Host provides it: a browser keeps it in the page's localStorage;
 * Electron's window has a localStorage of its own, kept by the shell in its profile folder
 * (userData), so both hosts share this implementation. A full or unavailable store is not an error:
 * the app then just forgets.
 */
export interface HostStorage {
  read<T>(key: string): T | undefined;
  write(key: string, value: unknown): void;
}

const PREFIX = 'splitlens:';

export function localHostStorage(store: Storage | undefined = globalThis.localStorage): HostStorage {
  return {
    read<T>(key: string): T | undefined {
      try {
        const text = store?.getItem(PREFIX + key);
        return text ? (JSON.parse(text) as T) : undefined;
      } catch {
        return undefined;
      }
    },
    write(key, value) {
      try {
        store?.setItem(PREFIX + key, JSON.stringify(value));
      } catch {
        // Quota exceeded or storage disabled: remembering is best effort.
      }
    },
  };
}
