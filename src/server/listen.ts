/** Binds a request listener (the app, or the HTTP handler in front of it); used by the entry point and by tests. */
import { createServer, type RequestListener, type Server } from 'node:http';

export interface Listening {
  server: Server;
  url: string;
  /**
   * Stops accepting connections and lets requests in flight finish within
   * `graceMs`, then closes what is left. Resolves to whether all finished in time.
   */
  close(graceMs?: number): Promise<boolean>;
}

export interface ListenOptions {
  /** Longest a client may take to send a whole request. */
  requestTimeoutMs?: number;
}

/** While draining, idle keep-alive connections are closed as soon as their request is answered. */
const DRAIN_POLL_MS = 50;

export function listen(listener: RequestListener, host: string, port: number, options: ListenOptions = {}): Promise<Listening> {
  const server = createServer({ requestTimeout: options.requestTimeoutMs }, listener);
  const close = (graceMs = 0) =>
    new Promise<boolean>((done) => {
      let inTime = true;
      const idle = setInterval(() => server.closeIdleConnections(), DRAIN_POLL_MS);
      const deadline = setTimeout(() => {
        inTime = false;
        server.closeAllConnections();
      }, graceMs);
      server.close(() => {
        clearInterval(idle);
        clearTimeout(deadline);
        done(inTime);
      });
      server.closeIdleConnections();
    });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      resolve({ server, url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/graphql`, close });
    });
  });
}
