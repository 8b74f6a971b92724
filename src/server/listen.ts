/** Binds the app to a port; used by the entry point and by tests over real HTTP. */
import { createServer, type Server } from 'node:http';
import type { App } from './app.ts';

export interface Listening {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export function listen(app: App, host: string, port: number): Promise<Listening> {
  const server = createServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      resolve({
        server,
        url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/graphql`,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}
