import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { z as zodV3 } from 'zod/v3';
import { parseRequest } from './parseRequest';

describe('parseRequest', () => {
  const schema = z.object({
    entityRef: z.string().min(1),
    range: z.object({ start: z.number() }),
  });

  it('returns the parsed value', () => {
    expect(
      parseRequest(schema, { entityRef: 'a', range: { start: 1 }, x: 1 }),
    ).toEqual({ entityRef: 'a', range: { start: 1 } });
  });

  it('throws one InputError naming every bad field', () => {
    const error = (() => {
      try {
        return parseRequest(schema, { entityRef: '', range: {} });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      'Invalid request: entityRef: String must contain at least 1 character(s); range.start: Required',
    );
  });

  it('says what was parsed, and names a whole-input problem', () => {
    expect(() =>
      parseRequest(zodV3.object({ a: zodV3.string() }), 'text', 'input to x'),
    ).toThrow('Invalid input to x: (input): Expected object, received string');
  });
});
