// A TCP proxy in front of the server, so tests can drop a client's network for real: `cut()`
// destroys every connection and refuses new ones (the client sees an abnormal close and its
// reconnects fail) until `restore()`. `blackholeDown` swallows server-to-client bytes while
// the connection stays up (a frame reaches the server, its answer never comes back);
// `blackholeUp` swallows client-to-server bytes (both together: a peer that vanished unannounced).
import net from "node:net";

export class TcpProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private accepting = true;
  blackholeDown = false;
  blackholeUp = false;
  /** Connections accepted so far (including refused ones while cut). */
  connections = 0;

  private constructor(
    server: net.Server,
    readonly port: number,
  ) {
    this.server = server;
  }

  static start(targetPort: number, targetHost = "127.0.0.1"): Promise<TcpProxy> {
    return new Promise((resolve, reject) => {
      let proxy: TcpProxy | undefined;
      const server = net.createServer((client) => {
        if (!proxy) return client.destroy();
        proxy.connections += 1;
        if (!proxy.accepting) return client.destroy();
        const upstream = net.connect(targetPort, targetHost);
        const self = proxy;
        self.sockets.add(client);
        self.sockets.add(upstream);
        client.on("data", (chunk) => {
          if (!self.blackholeUp) upstream.write(chunk);
        });
        upstream.on("data", (chunk) => {
          if (!self.blackholeDown) client.write(chunk);
        });
        const end = () => {
          client.destroy();
          upstream.destroy();
          self.sockets.delete(client);
          self.sockets.delete(upstream);
        };
        client.on("error", end).on("close", end);
        upstream.on("error", end).on("close", end);
      });
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address() as net.AddressInfo;
        proxy = new TcpProxy(server, address.port);
        resolve(proxy);
      });
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Drops every connection now and refuses new ones until restore(). */
  cut(): void {
    this.accepting = false;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.blackholeDown = false;
    this.blackholeUp = false;
    this.accepting = true;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
