import express from 'express';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
/**
 * Fastest level: measured on a 360 KB panels answer, 20 ms instead of 49 ms at the default
 * level for 7 % more bytes — the first viewer waits for it, and it is done once for all.
 */
const GZIP_LEVEL = constants.Z_BEST_SPEED;

/** Bodies smaller than this go out as they are (the root router's `compression` threshold). */
const MIN_BYTES = 1024;
const DEFAULT_TTL_MS = 10_000;
/** Most JSON text (UTF-16 in memory) plus gzip bytes kept at once. */
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

interface Entry {
  gzipped: Promise<Buffer>;
  expires: number;
  bytes: number;
}

/**
 * JSON answers compressed once for everyone who receives the same bytes. When 200 people open
 * one incident link they get identical panel answers, and the root router's `compression`
 * middleware would deflate each copy again: measured, about half of a cached request's CPU. Here
 * identical JSON text shares one gzip (identical concurrent bodies share one compression in
 * flight), kept a few seconds, bounded in bytes (the oldest go first).
 *
 * Nothing is shared that the receiver does not already have: the key is the complete body, so
 * an entry can only be served to a request whose own answer is exactly those bytes.
 */
export class SharedJsonResponses {
  private readonly entries = new Map<string, Entry>();
  private heldBytes = 0;

  private constructor(
    private readonly ttlMs: number,
    private readonly maxBytes: number,
    private readonly now: () => number,
  ) {}

  static create(
    options: {
      ttlMs?: number;
      maxBytes?: number;
      /** Clock in ms, injectable for tests. */
      now?: () => number;
    } = {},
  ): SharedJsonResponses {
    return new SharedJsonResponses(
      options.ttlMs ?? DEFAULT_TTL_MS,
      options.maxBytes ?? DEFAULT_MAX_BYTES,
      options.now ?? Date.now,
    );
  }

  /** Bodies kept now; for tests. */
  get size(): number {
    return this.entries.size;
  }

  /** Sends `body` as JSON, gzipped from the shared copy when the client accepts gzip. */
  async send(
    req: express.Request,
    res: express.Response,
    body: unknown,
  ): Promise<void> {
    const json = JSON.stringify(body);
    if (json.length < MIN_BYTES || !req.acceptsEncodings('gzip')) {
      res.type('json').send(json);
      return;
    }
    let gzipped: Buffer;
    try {
      gzipped = await this.gzipped(json);
    } catch {
      // Compression is an optimisation: the `compression` middleware still has its turn.
      res.type('json').send(json);
      return;
    }
    res.type('json');
    res.vary('Accept-Encoding');
    // Already encoded: the root router's `compression` middleware leaves it alone.
    res.setHeader('Content-Encoding', 'gzip');
    res.send(gzipped);
  }

  private gzipped(json: string): Promise<Buffer> {
    const now = this.now();
    const kept = this.entries.get(json);
    if (kept && kept.expires > now) return kept.gzipped;
    if (kept) this.forget(json, kept);
    // Strings are held as UTF-16 at worst; the gzip is far smaller than the text.
    const bytes = json.length * 2;
    const gzipped = gzipAsync(json, { level: GZIP_LEVEL });
    if (bytes > this.maxBytes / 4) return gzipped;

    const entry: Entry = { gzipped, expires: now + this.ttlMs, bytes };
    this.entries.set(json, entry);
    this.heldBytes += bytes;
    gzipped.catch(() => this.forget(json, entry));
    for (const [key, oldest] of this.entries) {
      if (this.heldBytes <= this.maxBytes && oldest.expires > now) break;
      this.forget(key, oldest);
    }
    return gzipped;
  }

  private forget(key: string, entry: Entry) {
    if (this.entries.get(key) !== entry) return;
    this.entries.delete(key);
    this.heldBytes -= entry.bytes;
  }
}
