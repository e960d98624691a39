import { describe, expect, it } from 'vitest';
import { API_METHODS, IPC_PREFIX, IPC_PROGRESS } from './api-methods.js';
import { SHELL_CHANNELS } from './shell-bridge.js';

describe('shell IPC channels', () => {
  it('are prefixed, distinct and never collide with the Api channels', () => {
    const shell = Object.values(SHELL_CHANNELS);
    const api = [...API_METHODS.map((m) => IPC_PREFIX + m), IPC_PROGRESS];
    expect(shell.every((c) => c.startsWith('splitlens:'))).toBe(true);
    expect(new Set([...shell, ...api]).size).toBe(shell.length + api.length);
    expect(SHELL_CHANNELS.openFile).toBe('splitlens:open-file');
    expect(Object.isFrozen(SHELL_CHANNELS)).toBe(true);
  });
});
