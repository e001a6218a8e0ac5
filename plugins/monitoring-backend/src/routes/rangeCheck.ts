import { z } from 'zod';

/**
 * The one check of a `start`/`end` query range (unix seconds): `end` after `start`, and the range no
 * longer than `maxDays`; the issue is reported on `end`.
 */
export function checkRange(
  q: { start: number; end: number },
  ctx: z.RefinementCtx,
  maxDays: number,
): void {
  if (q.end <= q.start) {
    ctx.addIssue({
      code: 'custom',
      path: ['end'],
      message: 'must be after start',
    });
  } else if (q.end - q.start > maxDays * 86400) {
    ctx.addIssue({
      code: 'custom',
      path: ['end'],
      message: `range must be at most ${maxDays} days`,
    });
  }
}
