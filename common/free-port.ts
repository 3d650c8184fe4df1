/** A free TCP port, for the programs that start servers which cannot report the port they got. */
import { createServer } from 'node:net';

/** Asks the OS for a free TCP port on 127.0.0.1 (free now; another process may still take it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
