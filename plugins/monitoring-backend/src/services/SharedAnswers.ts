import express from 'express';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';

import { SharedFlights } from './SharedFlights';

const gzipAsync = promisify(gzip);
/**
 * Fastest level: measured on a 360 KB panels answer, 20 ms instead of 49 ms at the default
 * level for 7 % more bytes — the first viewer waits for it, and it is done once for all.
 */
const GZIP_LEVEL = constants.Z_BEST_SPEED;
/** Bodies smaller than this go out as they are (the root router's `compression` threshold). */
const MIN_GZIP_CHARS = 1024;
/** How long a finished answer is reused for the same key. */
const DEFAULT_TTL_MS = 1_000;
/** Most JSON text (UTF-16 in memory) kept at once. */
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

function serialize(body: unknown): SharedAnswer {
  const json = JSON.stringify(body);
  const gzipped =
    json.length >= MIN_GZIP_CHARS
      ? gzipAsync(json, { level: GZIP_LEVEL })
      : undefined;
  // A failed compression is sent uncompressed (see send); never an unhandled rejection.
  gzipped?.catch(() => undefined);
  return { json, gzipped };
}

/** An answer ready to send: its JSON text, and that text gzipped (when worth it). */
export interface SharedAnswer {
  json: string;
  gzipped?: Promise<Buffer>;
}

interface Entry {
  answer: Promise<SharedAnswer>;
  expires: number;
  bytes: number;
}

/**
 * Answers computed, serialized and compressed once for everyone asking the same question at
 * about the same time. When 200 people open one incident link, each request used to build the
 * same body from the query cache, `JSON.stringify` it and have the root router's `compression`
 * middleware deflate it again: measured, most of the backend's CPU per viewer. Here identical
 * keys in flight share one computation, and the finished answer (text and gzip) is reused for a
 * second, bounded in bytes (the oldest go first). Failures are never kept.
 *
 * The caller decides who may receive an answer: it must prepare one only as part of work whose
 * result reaches the requester after that requester's own permission check (see
 * `EntityAccess.resolveWhile`), and the key must name everything the body depends on.
 */
export class SharedAnswers {
  /** Finished answers, reused until they expire. */
  private readonly entries = new Map<string, Entry>();
  private readonly flights = SharedFlights.create<SharedAnswer>();
  private heldBytes = 0;
  private computeCount = 0;

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
  ): SharedAnswers {
    return new SharedAnswers(
      options.ttlMs ?? DEFAULT_TTL_MS,
      options.maxBytes ?? DEFAULT_MAX_BYTES,
      options.now ?? Date.now,
    );
  }

  /** Answers kept or in flight now; for tests. */
  get size(): number {
    return this.entries.size;
  }

  /** Answers computed so far; for tests. */
  get computations(): number {
    return this.computeCount;
  }

  /**
   * The answer for `key`: joined if in flight or recent, else computed by `compute`. The
   * computation is cancelled only when every viewer waiting on it has gone (`signal` aborted,
   * e.g. denied): one denied viewer must not cancel the others' answer.
   */
  prepare(
    key: string,
    compute: (signal: AbortSignal) => Promise<unknown>,
    signal?: AbortSignal,
  ): Promise<SharedAnswer> {
    const kept = this.entries.get(key);
    if (kept && kept.expires > this.now()) return kept.answer;
    if (kept) this.forget(key, kept);

    return this.flights.run(
      key,
      flightSignal => {
        this.computeCount++;
        const answer = compute(flightSignal).then(serialize);
        answer.then(
          done => this.keep(key, done),
          () => undefined, // failures are never kept
        );
        return answer;
      },
      signal,
    ).promise;
  }

  private keep(key: string, answer: SharedAnswer) {
    const old = this.entries.get(key);
    if (old) this.forget(key, old);
    const entry: Entry = {
      answer: Promise.resolve(answer),
      bytes: answer.json.length * 2,
      expires: this.now() + this.ttlMs,
    };
    this.entries.set(key, entry);
    this.heldBytes += entry.bytes;
    this.evict();
  }

  /** Sends a prepared answer as JSON, gzipped when the client accepts it. */
  async send(
    req: express.Request,
    res: express.Response,
    answer: SharedAnswer,
  ): Promise<void> {
    res.type('json');
    const gzipped =
      answer.gzipped && req.acceptsEncodings('gzip')
        ? await answer.gzipped.catch(() => undefined)
        : undefined;
    if (!gzipped) {
      res.send(answer.json);
      return;
    }
    res.vary('Accept-Encoding');
    // Already encoded: the root router's `compression` middleware leaves it alone.
    res.setHeader('Content-Encoding', 'gzip');
    res.send(gzipped);
  }

  private evict() {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (this.heldBytes <= this.maxBytes && entry.expires > now) break;
      this.forget(key, entry);
    }
  }

  private forget(key: string, entry: Entry) {
    if (this.entries.get(key) !== entry) return;
    this.entries.delete(key);
    this.heldBytes -= entry.bytes;
  }
}
