import { Config } from '@backstage/config';
import { CustomErrorBase } from '@backstage/errors';
import { createHash } from 'node:crypto';
import express from 'express';

/** 429: the error handler answers the `statusCode`, with the message, as Backstage JSON. */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;
}

/**
 * Bounds how many requests are answered at once, per caller and in all. A request over either
 * limit is refused at once (429, Retry-After) instead of queueing: under incident load a queue
 * only turns into timeouts for everyone.
 */
export class ConcurrencyLimiter {
  private readonly perCaller = new Map<string, number>();
  private total = 0;

  private constructor(
    private readonly perCallerLimit: number,
    private readonly globalLimit: number,
  ) {}

  static create(options: {
    perUserConcurrency: number;
    globalConcurrency: number;
  }): ConcurrencyLimiter {
    return new ConcurrencyLimiter(
      options.perUserConcurrency,
      options.globalConcurrency,
    );
  }

  static fromConfig(config: Config): ConcurrencyLimiter {
    const limits = config.getOptionalConfig('monitoring.limits');
    return ConcurrencyLimiter.create({
      perUserConcurrency: limits?.getOptionalNumber('perUserConcurrency') ?? 16,
      globalConcurrency: limits?.getOptionalNumber('globalConcurrency') ?? 256,
    });
  }

  /** A release function, or undefined when `caller` or everyone is at the limit. */
  tryAcquire(caller: string): (() => void) | undefined {
    const mine = this.perCaller.get(caller) ?? 0;
    if (mine >= this.perCallerLimit || this.total >= this.globalLimit) {
      return undefined;
    }
    this.perCaller.set(caller, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.perCaller.get(caller) ?? 1) - 1;
      if (left > 0) this.perCaller.set(caller, left);
      else this.perCaller.delete(caller);
    };
  }

  /**
   * Express middleware. The caller is the bearer token (hashed; verified later by the routes),
   * so one user's page and scripts share a budget without a second token verification here.
   */
  middleware(): express.RequestHandler {
    return (req, res, next) => {
      const caller = createHash('sha256')
        .update(req.headers.authorization ?? `ip:${req.ip}`)
        .digest('base64url');
      const release = this.tryAcquire(caller);
      if (!release) {
        res.setHeader('Retry-After', '1');
        next(
          new TooManyRequestsError(
            'Too many monitoring requests at once from you or in total; retry in a second',
          ),
        );
        return;
      }
      res.on('close', release);
      res.on('finish', release);
      next();
    };
  }
}
