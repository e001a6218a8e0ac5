import net from 'node:net';
import { assertPortFree, closedPort, freePort } from './ports';

function listen(port: number): Promise<net.Server> {
  const server = net.createServer(socket => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('port helpers', () => {
  it('closedPort gives a port that refuses connections', async () => {
    const port = await closedPort();
    const error = await new Promise<NodeJS.ErrnoException>(resolve => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => socket.destroy());
      socket.once('error', resolve);
    });
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('freePort gives a port a server can bind', async () => {
    const server = await listen(await freePort());
    expect(server.listening).toBe(true);
    await new Promise(r => server.close(r));
  });

  it('assertPortFree passes on a free port and names what holds a busy one', async () => {
    const port = await freePort();
    await expect(assertPortFree(port, 'backend')).resolves.toBeUndefined();
    const server = await listen(port);
    try {
      await expect(assertPortFree(port, 'backend')).rejects.toThrow(
        `Port ${port} (backend) is already in use`,
      );
    } finally {
      await new Promise(r => server.close(r));
    }
  });
});
