import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startRepositoryHost,
  type RunningRepositoryHost,
} from './repositories.ts';

// The local repository host over real HTTP, as the scaffolder's monitoring:publish:local uses it.
let host: RunningRepositoryHost;
let dir: string;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repos-'));
  host = await startRepositoryHost({ port: 0, dir });
});
afterEach(async () => {
  await host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const file = (p: string, text: string) => ({
  path: p,
  base64Content: Buffer.from(text).toString('base64'),
});
const service = [
  file('catalog-info.yaml', 'kind: Component\nmetadata:\n  name: ticket-api\n'),
  file('monitoring/servicemonitor.yaml', 'kind: ServiceMonitor\n'),
];
const put = (name: string, files: unknown[]) =>
  fetch(`${host.url}/repos/${name}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ files }),
  });
const read = async (name: string, p = '') => {
  const res = await fetch(`${host.url}/repos/${name}${p ? `/${p}` : ''}`);
  return { status: res.status, text: await res.text() };
};

describe('the local repository host', () => {
  it('creates a repository once and serves its files', async () => {
    expect((await put('ticket-api', service)).status).toBe(201);
    expect(await read('ticket-api', 'catalog-info.yaml')).toEqual({
      status: 200,
      text: 'kind: Component\nmetadata:\n  name: ticket-api\n',
    });
    expect(JSON.parse((await read('ticket-api')).text).files).toEqual([
      'catalog-info.yaml',
      'monitoring/servicemonitor.yaml',
    ]);
  });

  it('accepts the same files again under the same name (a retried run), changing nothing', async () => {
    await put('ticket-api', service);
    const again = await put('ticket-api', [...service].reverse());
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ result: 'unchanged' });
    expect(JSON.parse((await read('ticket-api')).text).files).toHaveLength(2);
  });

  it('refuses other files under a taken name, naming the name, the files that differ and how to free it', async () => {
    await put('ticket-api', service);
    const changed = [
      service[0],
      file('monitoring/servicemonitor.yaml', 'kind: ServiceMonitor # v2\n'),
      file('README.md', '# ticket-api\n'),
    ];
    const res = await put('ticket-api', changed);
    expect(res.status).toBe(409);
    const { error } = await res.json();
    expect(error).toContain('repository "ticket-api" already exists');
    expect(error).toContain('(README.md, monitoring/servicemonitor.yaml)');
    expect(error).toContain(`curl -X DELETE ${host.url}/repos/ticket-api`);
    // Nothing of the refused publish was written.
    expect((await read('ticket-api', 'README.md')).status).toBe(404);
    expect(
      (await read('ticket-api', 'monitoring/servicemonitor.yaml')).text,
    ).toBe('kind: ServiceMonitor\n');
    // A subset of the files is other content too.
    expect((await put('ticket-api', [service[0]])).status).toBe(409);
  });

  it('frees a name with DELETE, after which other files are accepted', async () => {
    await put('ticket-api', service);
    const deleted = await fetch(`${host.url}/repos/ticket-api`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    expect((await read('ticket-api')).status).toBe(404);
    expect((await put('ticket-api', [service[0]])).status).toBe(201);
    expect(
      (await fetch(`${host.url}/repos/missing`, { method: 'DELETE' })).status,
    ).toBe(404);
    expect(
      (
        await fetch(`${host.url}/repos/ticket-api/catalog-info.yaml`, {
          method: 'DELETE',
        })
      ).status,
    ).toBe(405);
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const escape = await put('ticket-api', [file('../outside.txt', 'x')]);
    expect(escape.status).toBe(400);
    expect((await escape.json()).error).toMatch(/leaves the repository/);
    expect((await put('ticket-api', [])).status).toBe(400);
    expect(
      (await put('ticket-api', [{ path: 'catalog-info.yaml' }])).status,
    ).toBe(400);
    expect((await put('Not_A_Label', service)).status).toBe(400);
    expect((await read('ticket-api')).status).toBe(404);
    // Only finished repositories are in the directory (no staging leftovers).
    expect(fs.readdirSync(host.dir)).toEqual([]);
  });

  it('keeps one of two concurrent publishes of one name and refuses the other', async () => {
    const other = [file('catalog-info.yaml', 'kind: Component # other\n')];
    const statuses = (
      await Promise.all([put('ticket-api', service), put('ticket-api', other)])
    )
      .map(r => r.status)
      .sort();
    expect(statuses).toEqual([201, 409]);
    expect(fs.readdirSync(host.dir)).toEqual(['ticket-api']);
  });
});
