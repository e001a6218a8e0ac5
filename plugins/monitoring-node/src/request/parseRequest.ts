import { InputError } from '@backstage/errors';

/**
 * A schema's `safeParse` answer, typed structurally so any zod copy (the backend's, the
 * scaffolder's `zod/v3`) fits.
 *
 * @public
 */
export type SafeParseResult<T> =
  | { success: true; data: T }
  | {
      success: false;
      error: {
        issues: Array<{ path: Array<string | number>; message: string }>;
      };
    };

/**
 * Every issue of a failed parse in one line, each naming its field:
 * `end: must be after start; thresholds.cpuPercent: Number must be …`.
 *
 * @public
 */
export function describeIssues(
  issues: Array<{ path: Array<string | number>; message: string }>,
): string {
  return issues
    .map(i => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`)
    .join('; ');
}

/**
 * Parses a request (query, body, params, action input) with a zod schema; bad input is an
 * InputError (400) `Invalid <what>: <field>: <problem>; …`.
 *
 * @public
 */
export function parseRequest<T>(
  schema: { safeParse(input: unknown): SafeParseResult<T> },
  input: unknown,
  what: string = 'request',
): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new InputError(
      `Invalid ${what}: ${describeIssues(result.error.issues)}`,
    );
  }
  return result.data;
}
