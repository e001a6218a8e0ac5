import net from 'node:net';

// The local stack picks its own free ports at run time, so `freePort` lives there; tests take it
// from here with the other port helpers.
export { freePort } from '@internal/local-stack';

/**
 * A port nothing listens on (bind, read the port, close), for "upstream is down" cases.
 * Another process could take it in between; on loopback in a test run that does not happen.
 */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

/**
 * Rejects, naming `what`, when something already accepts connections on 127.0.0.1:`port`
 * (e.g. a product left running on the fixed ports 3000/7007).
 */
export async function assertPortFree(
  port: number,
  what: string,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      reject(new Error(`Port ${port} (${what}) is already in use`));
    });
    socket.once('error', () => resolve());
  });
}
