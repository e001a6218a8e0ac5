import { InputError } from '@backstage/errors';

/**
 * Where "load older" continues: Loki's `end` (exclusive, so `endNs` is the oldest shown
 * timestamp + 1 ns and that timestamp is read again) and the ids of the lines at that timestamp
 * already shown, dropped from the next page. Several lines can share a nanosecond; this way none
 * is shown twice and none is skipped.
 */
export interface LogCursor {
  endNs: bigint;
  skipIds: string[];
}

/** Longest skip list a cursor carries (~13 characters each): the cursor stays a short URL. */
export const MAX_CURSOR_SKIP = 500;

const ID = /^[A-Za-z0-9_-]{12}$/;

/** Opaque to the browser: `v1.<endNs>.<id>.<id>…` (URL-safe characters only). */
export function encodeCursor(cursor: LogCursor): string {
  return ['v1', cursor.endNs.toString(), ...cursor.skipIds].join('.');
}

/** The cursor, checked; a 400 naming `cursor` when it is not one this backend made. */
export function decodeCursor(text: string): LogCursor {
  const [version, endNs, ...skipIds] = text.split('.');
  if (
    version !== 'v1' ||
    !/^[1-9]\d{0,20}$/.test(endNs ?? '') ||
    skipIds.length > MAX_CURSOR_SKIP ||
    !skipIds.every(id => ID.test(id))
  ) {
    throw new InputError(
      'Invalid request: cursor: not a cursor of this backend; pass the nextCursor of the previous page unchanged',
    );
  }
  return { endNs: BigInt(endNs), skipIds };
}
