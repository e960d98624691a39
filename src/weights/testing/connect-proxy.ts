/**
 * A real HTTP CONNECT proxy on 127.0.0.1 for tests. Every tunnel lands on 127.0.0.1 at the
 * requested port whatever the host name, so a client that reaches `hub.invalid` proves it went
 * through the proxy (that name never resolves).
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export class ConnectProxy {
  /** `host:port` of every CONNECT, with the Proxy-Authorization it carried. */
  readonly tunnels: { authority: string; auth: string | undefined }[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly requireAuth?: string,
  ) {}

  /** `requireAuth`: the `Basic …` value to demand, else 407. */
  static async start(requireAuth?: string): Promise<ConnectProxy> {
    const server = createServer((_req, res) => res.writeHead(405).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new ConnectProxy(server, (server.address() as AddressInfo).port, requireAuth);
    server.on('connect', (req, client: Socket, head: Buffer) =>
      proxy.tunnel(req.url ?? '', req.headers['proxy-authorization'], client, head),
    );
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private tunnel(authority: string, auth: string | undefined, client: Socket, head: Buffer): void {
    this.tunnels.push({ authority, auth });
    this.sockets.add(client);
    if (this.requireAuth && auth !== this.requireAuth) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const port = Number(/:(\d+)$/.exec(authority)?.[1]);
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    this.sockets.add(upstream);
    const closeBoth = (): void => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', closeBoth).on('close', closeBoth);
    client.on('error', closeBoth).on('close', closeBoth);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
