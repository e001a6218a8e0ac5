import express from 'express';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { SharedAnswers } from './SharedAnswers';

/** An answer big enough to be compressed (over 1 KB of JSON). */
const big = (label: string) => ({
  label,
  values: Array.from({ length: 200 }, (_, i) => [i, String(i * 1.5)]),
});

/** A computation the test finishes by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** `/answer?key=…` prepares the answer for `key` with `compute` and sends it. */
function appWith(
  answers: SharedAnswers,
  compute: (key: string) => Promise<unknown>,
) {
  const app = express();
  app.get('/answer', (req, res, next) => {
    const key = String(req.query.key);
    answers
      .prepare(key, () => compute(key))
      .then(answer => answers.send(req, res, answer))
      .catch(next);
  });
  return app;
}

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes on the wire, not decoded. */
  body: Buffer;
}

const servers: http.Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map(s => new Promise(resolve => s.close(resolve))));
});

/** Serves `app` on a free loopback port (once per app). */
const urls = new WeakMap<express.Express, Promise<string>>();
function urlOf(app: express.Express): Promise<string> {
  let url = urls.get(app);
  if (!url) {
    url = new Promise(resolve => {
      const server = app.listen(0, '127.0.0.1', () =>
        resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
      );
      servers.push(server);
    });
    urls.set(app, url);
  }
  return url;
}

/** GET /answer?key=… with raw bytes back (Node's http client decodes nothing). */
async function raw(
  app: express.Express,
  key: string,
  encoding = 'gzip',
): Promise<Raw> {
  const url = `${await urlOf(app)}/answer?key=${encodeURIComponent(key)}`;
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'Accept-Encoding': encoding } }, res => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      })
      .on('error', reject);
  });
}

const decoded = (res: Raw) =>
  JSON.parse(
    (res.headers['content-encoding'] === 'gzip'
      ? gunzipSync(res.body)
      : res.body
    ).toString('utf8'),
  );

describe('SharedAnswers', () => {
  it('computes an answer once for concurrent identical keys and sends everyone the same gzip', async () => {
    const answers = SharedAnswers.create();
    const pending = deferred<unknown>();
    const compute = jest.fn(() => pending.promise);
    const app = appWith(answers, compute);
    const all = Promise.all([
      raw(app, 'incident'),
      raw(app, 'incident', 'gzip, deflate, br'),
      raw(app, 'incident', 'identity'),
    ]);
    await new Promise(r => setTimeout(r, 50));
    pending.resolve(big('incident'));
    const [a, b, plain] = await all;
    expect(compute).toHaveBeenCalledTimes(1);
    for (const res of [a, b]) {
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers.vary).toMatch(/Accept-Encoding/);
      expect(decoded(res)).toEqual(big('incident'));
    }
    // A client that does not accept gzip gets the same answer uncompressed.
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(decoded(plain)).toEqual(big('incident'));
  });

  it('computes different keys separately', async () => {
    const answers = SharedAnswers.create();
    const compute = jest.fn(async (key: string) => big(key));
    const app = appWith(answers, compute);
    expect(decoded(await raw(app, 'one')).label).toBe('one');
    expect(decoded(await raw(app, 'two')).label).toBe('two');
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('sends a small answer as it is', async () => {
    const answers = SharedAnswers.create();
    const app = appWith(answers, async key => ({ key }));
    const res = await raw(app, 'small');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(decoded(res)).toEqual({ key: 'small' });
  });

  it('reuses a finished answer for its TTL only', async () => {
    let now = 0;
    const answers = SharedAnswers.create({ ttlMs: 1000, now: () => now });
    let version = 0;
    const app = appWith(answers, async () => ({
      ...big('x'),
      version: ++version,
    }));
    expect(decoded(await raw(app, 'k')).version).toBe(1);
    now = 999;
    expect(decoded(await raw(app, 'k')).version).toBe(1);
    now = 1000;
    expect(decoded(await raw(app, 'k')).version).toBe(2);
  });

  it('keeps no failure: every joined request fails, the next one computes again', async () => {
    const answers = SharedAnswers.create();
    const first = deferred<unknown>();
    const compute = jest
      .fn<Promise<unknown>, [string]>()
      .mockReturnValueOnce(first.promise)
      .mockResolvedValue(big('recovered'));
    const app = appWith(answers, compute);
    const both = Promise.all([raw(app, 'k'), raw(app, 'k')]);
    await new Promise(r => setTimeout(r, 50));
    first.reject(new Error('Prometheus answered 503'));
    expect((await both).map(r => r.status)).toEqual([500, 500]);
    expect(answers.size).toBe(0);
    const again = await raw(app, 'k');
    expect(again.status).toBe(200);
    expect(decoded(again).label).toBe('recovered');
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('keeps no more than its byte budget, dropping the oldest first', async () => {
    const bodyBytes = JSON.stringify(big('a')).length * 2;
    const answers = SharedAnswers.create({
      maxBytes: Math.floor(bodyBytes * 4.5),
    });
    const compute = jest.fn(async (key: string) => big(key));
    const app = appWith(answers, compute);
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) await raw(app, key);
    expect(answers.size).toBe(4);
    // 'f' is still kept; 'a' was dropped and is computed again.
    await raw(app, 'f');
    expect(compute).toHaveBeenCalledTimes(6);
    await raw(app, 'a');
    expect(compute).toHaveBeenCalledTimes(7);
  });
});

describe('SharedAnswers cancellation', () => {
  it('cancels a shared computation only when every waiting viewer has gone', async () => {
    const answers = SharedAnswers.create();
    const work = deferred<unknown>();
    let computeSignal: AbortSignal | undefined;
    const compute = (signal: AbortSignal) => {
      computeSignal = signal;
      return work.promise;
    };
    const denied = new AbortController();
    const allowed = new AbortController();
    const first = answers.prepare('k', compute, denied.signal);
    const second = answers.prepare('k', compute, allowed.signal);

    denied.abort(new Error('denied'));
    await expect(first).rejects.toThrow('denied');
    expect(computeSignal?.aborted).toBe(false);

    work.resolve(big('kept'));
    expect(JSON.parse((await second).json).label).toBe('kept');
    expect(answers.computations).toBe(1);
  });

  it('aborts the computation when its only viewer is denied, and keeps nothing', async () => {
    const answers = SharedAnswers.create();
    let computeSignal: AbortSignal | undefined;
    const viewer = new AbortController();
    const answer = answers.prepare(
      'k',
      signal => {
        computeSignal = signal;
        return new Promise(() => undefined);
      },
      viewer.signal,
    );
    viewer.abort(new Error('denied'));
    await expect(answer).rejects.toThrow('denied');
    expect(computeSignal?.aborted).toBe(true);
    expect(answers.size).toBe(0);
  });
});
