/**
 * Long-running Api work (predict over five models, downloads) as cancellable tasks that report
 * progress. A task id comes from the UI; `cancel(id)` aborts it; a new task with the same id
 * cancels the old one (the user opened another photo before the last run finished).
 */
import { randomUUID } from 'node:crypto';
import type { ProgressEvent } from './contract.js';

export class Tasks {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly emit: (e: ProgressEvent) => void = () => undefined) {}

  start(kind: ProgressEvent['kind'], taskId: string = randomUUID()): Task {
    this.running.get(taskId)?.abort();
    const controller = new AbortController();
    this.running.set(taskId, controller);
    const finish = () => {
      if (this.running.get(taskId) === controller) this.running.delete(taskId);
    };
    return {
      id: taskId,
      signal: controller.signal,
      progress: (done, total, extra = {}) => this.emit({ taskId, kind, done, total, state: 'running', ...extra }),
      end: (state, extra = {}) => {
        finish();
        this.emit({ taskId, kind, done: 1, total: 1, state, ...extra });
      },
    };
  }

  cancel(taskId: string): void {
    this.running.get(taskId)?.abort();
  }

  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
  }
}

export interface Task {
  id: string;
  signal: AbortSignal;
  progress(done: number, total: number, extra?: Partial<Pick<ProgressEvent, 'model' | 'message'>>): void;
  end(state: 'done' | 'error' | 'cancelled', extra?: Partial<Pick<ProgressEvent, 'model' | 'message'>>): void;
}
