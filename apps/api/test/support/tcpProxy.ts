import { createServer, type Server, Socket } from "node:net";

export type TcpProxy = {
  /** The target URL with its host and port replaced by the proxy's. */
  url: string;
  /** Cuts every open connection and refuses new ones, as a stopped server does (ECONNREFUSED). */
  cut: () => Promise<void>;
  /** Accepts connections again on the same port. */
  restore: () => Promise<void>;
  close: () => Promise<void>;
};

/**
 * A TCP relay in front of a real PostgreSQL: cutting it is what the API sees when the database
 * restarts (connections reset, new ones refused), without stopping the server other tests share.
 */
export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const listening = createServer((client) => {
        const upstream = new Socket();
        upstream.connect(Number(target.port), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on("close", () => sockets.delete(socket));
          socket.on("error", () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      listening.once("error", reject);
      listening.listen(port, "127.0.0.1", () => {
        port = (listening.address() as { port: number }).port;
        server = listening;
        resolve();
      });
    });

  const cut = async () => {
    const stopping = server;
    server = undefined;
    await new Promise<void>((resolve) => {
      if (!stopping) return resolve();
      stopping.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  };

  await listen();
  const url = new URL(targetUrl);
  url.port = String(port);
  url.hostname = "127.0.0.1";
  return { url: url.toString(), cut, restore: listen, close: cut };
}
