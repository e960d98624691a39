/**
 * Server-Sent Events hub: every progress event of the Api goes to every open `/api/events`
 * stream. A comment line every 15 s keeps idle connections from being dropped by proxies.
 */
import type { ServerResponse } from 'node:http';
import type { ProgressEvent } from '../api/contract.js';

export class ProgressHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly keepAlive: NodeJS.Timeout;

  constructor() {
    this.keepAlive = setInterval(() => {
      for (const res of this.clients) res.write(': keep-alive\n\n');
    }, 15_000);
    this.keepAlive.unref();
  }

  attach(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  send = (e: ProgressEvent): void => {
    const frame = `event: progress\ndata: ${JSON.stringify(e)}\n\n`;
    for (const res of this.clients) res.write(frame);
  };

  close(): void {
    clearInterval(this.keepAlive);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
