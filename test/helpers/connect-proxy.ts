import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import type { Duplex } from "node:stream";

export interface ConnectProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The `host:port` of every tunnel opened, in order. */
  tunnels: string[];
  /** Plain (non-CONNECT) requests, which an HTTPS client must never send to it. */
  plainRequests: number;
  close(): Promise<void>;
}

/**
 * A minimal HTTP CONNECT proxy on 127.0.0.1 that counts its tunnels. It only relays bytes: the
 * TLS session, client certificate included, runs between the client and the server.
 */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const proxy: ConnectProxy = { url: "", tunnels: [], plainRequests: 0, close: async () => {} };
  const server: Server = createServer((_request, response) => {
    proxy.plainRequests += 1;
    response.writeHead(405).end();
  });
  // Tunnelled sockets leave the HTTP server's books: closing them is this helper's job.
  const sockets = new Set<Duplex>();
  server.on("connect", (request, client, head) => {
    const target = request.url ?? "";
    proxy.tunnels.push(target);
    const colon = target.lastIndexOf(":");
    const upstream = connect(Number(target.slice(colon + 1)), target.slice(0, colon), () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    }
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
