import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/**
 * The local stack's repository host: where the scaffolder's `monitoring:publish:local` step
 * publishes a new service when there is no GitHub/GitLab (`./scripts/run`), and where the
 * catalog reads its `catalog-info.yaml` from (an http URL, as `catalog:register` needs: the
 * catalog registers `url` locations only). Not git: a repository is a directory of files,
 * created by `PUT /repos/<name>` and read file by file (`GET /repos/<name>/<path>`).
 * Repositories live in the stack's data directory.
 *
 * A name is taken once: publishing the same files again is accepted (200, nothing changes), so a
 * template run that failed after its publish step can be run again with the same form; other
 * files under a taken name are refused (409) with the command that frees the name
 * (`DELETE /repos/<name>`), since the name may belong to a registered entity.
 */

export interface RunningRepositoryHost {
  url: string;
  /** Where the repositories are (one directory each). */
  dir: string;
  close(): Promise<void>;
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const MAX_FILES = 1000;

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** A relative path inside the repository, or a 400. */
function safePath(root: string, relative: string): string {
  const full = path.resolve(root, relative);
  if (
    typeof relative !== 'string' ||
    !relative ||
    path.isAbsolute(relative) ||
    !full.startsWith(`${root}${path.sep}`)
  )
    throw new HttpError(400, `file path "${relative}" leaves the repository`);
  return full;
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new HttpError(413, `body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
}

/** The repository's files, relative path → content. */
function filesOf(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const relative of fs.readdirSync(root, {
    recursive: true,
  }) as string[]) {
    const full = path.join(root, relative);
    if (fs.statSync(full).isFile())
      out.set(relative.split(path.sep).join('/'), fs.readFileSync(full));
  }
  return out;
}

/** Paths that differ between two file sets (added, removed or changed), sorted. */
function differences(a: Map<string, Buffer>, b: Map<string, Buffer>) {
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter(p => !a.get(p) || !b.get(p) || !a.get(p)!.equals(b.get(p)!))
    .sort();
}

/** Creates the repository: 'created', or 'unchanged' when it holds exactly these files already. */
function create(
  dir: string,
  name: string,
  body: unknown,
  base: string,
): 'created' | 'unchanged' {
  const files = (body as { files?: unknown })?.files;
  if (!Array.isArray(files) || !files.length || files.length > MAX_FILES)
    throw new HttpError(
      400,
      `files: expected 1 to ${MAX_FILES} entries of { path, base64Content }`,
    );
  const root = path.join(dir, name);
  const wanted = new Map<string, Buffer>();
  for (const f of files) {
    const { path: relative, base64Content } = (f ?? {}) as Record<
      string,
      unknown
    >;
    if (typeof base64Content !== 'string')
      throw new HttpError(
        400,
        `files: "${String(relative)}" has no base64Content`,
      );
    const file = safePath(root, String(relative));
    wanted.set(
      path.relative(root, file).split(path.sep).join('/'),
      Buffer.from(base64Content, 'base64'),
    );
  }
  if (fs.existsSync(root)) {
    const changed = differences(filesOf(root), wanted);
    if (!changed.length) return 'unchanged';
    throw new HttpError(
      409,
      `repository "${name}" already exists with other files (${changed
        .slice(0, 5)
        .join(', ')}${
        changed.length > 5 ? ', …' : ''
      }). Choose another name, or free this one: curl -X DELETE ${base} (and unregister its entity in the catalog if it was registered)`,
    );
  }
  // Written aside and renamed into place, so a reader never sees half a repository. The
  // leading dot keeps the directory out of reach of repository names (DNS labels).
  const staging = fs.mkdtempSync(path.join(dir, `.${name}-`));
  try {
    for (const [relative, data] of wanted) {
      const file = path.join(staging, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, data);
    }
    fs.renameSync(staging, root);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    // Another publish of this name won the race: judged like any re-publish.
    if (fs.existsSync(root)) return create(dir, name, body, base);
    throw e;
  }
  return 'created';
}

export async function startRepositoryHost(options: {
  port: number;
  dir: string;
}): Promise<RunningRepositoryHost> {
  fs.mkdirSync(options.dir, { recursive: true });
  const dir = fs.realpathSync(options.dir);
  const server = http.createServer(async (req, res) => {
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(type === 'application/json' ? JSON.stringify(body) : body);
    };
    try {
      const url = new URL(req.url ?? '/', 'http://repositories');
      const [prefix, name, ...rest] = url.pathname
        .split('/')
        .filter(Boolean)
        .map(decodeURIComponent);
      if (prefix !== 'repos' || !name) throw new HttpError(404, 'not found');
      if (!NAME.test(name))
        throw new HttpError(
          400,
          `repository name "${name}" is not a DNS label`,
        );
      const base = `http://${req.headers.host}/repos/${name}`;
      const root = path.join(dir, name);
      if (req.method === 'PUT' && !rest.length) {
        const result = create(dir, name, await readJson(req), base);
        send(result === 'created' ? 201 : 200, { name, url: base, result });
        return;
      }
      if (
        !['GET', 'DELETE'].includes(req.method ?? '') ||
        (req.method === 'DELETE' && rest.length)
      )
        throw new HttpError(405, 'method not allowed');
      if (!fs.existsSync(root))
        throw new HttpError(404, `repository "${name}" not found`);
      if (req.method === 'DELETE') {
        fs.rmSync(root, { recursive: true, force: true });
        res.writeHead(204).end();
        return;
      }
      if (!rest.length) {
        const files = (fs.readdirSync(root, { recursive: true }) as string[])
          .filter(f => fs.statSync(path.join(root, f)).isFile())
          .sort();
        send(200, { name, files });
        return;
      }
      const file = safePath(root, rest.join('/'));
      if (!fs.existsSync(file) || !fs.statSync(file).isFile())
        throw new HttpError(404, `${rest.join('/')} not found in "${name}"`);
      send(200, fs.readFileSync(file), 'text/plain; charset=utf-8');
    } catch (e) {
      req.resume();
      const status = e instanceof HttpError ? e.status : 500;
      send(status, { error: (e as Error).message });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
