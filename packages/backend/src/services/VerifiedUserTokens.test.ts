import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import { VerifiedUserTokens } from './VerifiedUserTokens';

// The wrapper's bookkeeping against a counting AuthService; the real verifier behind it is
// exercised in httpAuthWithVerifiedTokens.test.ts.

const HOUR = 3600_000;

function userCredentials(
  sub: string,
  token: string,
  expiresAt: Date | undefined,
  actor?: string,
): BackstageCredentials {
  const credentials = {
    $$type: '@backstage/BackstageCredentials',
    version: 'v1',
    expiresAt,
    principal: {
      type: 'user',
      userEntityRef: sub,
      ...(actor ? { actor: { type: 'service', subject: actor } } : {}),
    },
  };
  Object.defineProperty(credentials, 'token', {
    enumerable: false,
    value: token,
  });
  return credentials as unknown as BackstageCredentials;
}

/** Tokens are "<sub>|<exp ms>|<kind>"; anything else is refused. */
function countingAuth() {
  const calls: string[] = [];
  const auth = {
    async authenticate(token: string) {
      calls.push(token);
      const [sub, exp, kind] = token.split('|');
      if (!sub || kind === 'bad')
        throw new AuthenticationError('Illegal token');
      if (kind === 'service') {
        return {
          $$type: '@backstage/BackstageCredentials',
          version: 'v1',
          principal: { type: 'service', subject: sub },
        } as BackstageCredentials;
      }
      return userCredentials(
        sub,
        token,
        exp ? new Date(Number(exp)) : undefined,
        kind === 'obo' ? 'plugin:catalog' : undefined,
      );
    },
  } as unknown as AuthService;
  return { auth, calls };
}

describe('VerifiedUserTokens', () => {
  const t0 = Date.parse('2026-11-28T04:00:00Z');
  let now = t0;
  beforeEach(() => {
    now = t0;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('verifies a token once while it is valid, and each caller gets its own copy', async () => {
    const { auth, calls } = countingAuth();
    const cached = VerifiedUserTokens.wrap(auth);
    const token = `user:default/guest|${t0 + HOUR}|user`;

    const first = await cached.authenticate(token);
    (first.principal as any).userEntityRef = 'user:default/mallory';
    const second = await cached.authenticate(token);

    expect(calls).toEqual([token]);
    expect(second.principal).toEqual({
      type: 'user',
      userEntityRef: 'user:default/guest',
    });
    // The token Backstage forwards on the user's behalf survives, still not enumerable.
    expect((second as any).token).toBe(token);
    expect(Object.keys(second)).not.toContain('token');
    expect(second.expiresAt).toEqual(new Date(t0 + HOUR));
  });

  it('shares one verification between concurrent requests with the same token', async () => {
    const { auth, calls } = countingAuth();
    const cached = VerifiedUserTokens.wrap(auth);
    const token = `user:default/guest|${t0 + HOUR}|user`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => cached.authenticate(token)),
    );
    expect(calls).toHaveLength(1);
    expect(
      new Set(answers.map(a => (a.principal as any).userEntityRef)),
    ).toEqual(new Set(['user:default/guest']));
  });

  it("never answers one token with another's entry", async () => {
    const { auth, calls } = countingAuth();
    const cached = VerifiedUserTokens.wrap(auth);
    const guest = `user:default/guest|${t0 + HOUR}|user`;
    const reader = `user:default/reader|${t0 + HOUR}|user`;
    for (let i = 0; i < 3; i++) {
      expect((await cached.authenticate(guest)).principal).toMatchObject({
        userEntityRef: 'user:default/guest',
      });
      expect((await cached.authenticate(reader)).principal).toMatchObject({
        userEntityRef: 'user:default/reader',
      });
    }
    await expect(
      cached.authenticate(`user:default/guest|${t0 + HOUR}|bad`),
    ).rejects.toThrow('Illegal token');
    expect(calls).toHaveLength(3);
  });

  it('keeps no failure: a refused token is verified again next time', async () => {
    const { auth, calls } = countingAuth();
    const cached = VerifiedUserTokens.wrap(auth);
    const bad = `user:default/guest|${t0 + HOUR}|bad`;
    await expect(cached.authenticate(bad)).rejects.toThrow('Illegal token');
    await expect(cached.authenticate(bad)).rejects.toThrow('Illegal token');
    expect(calls).toEqual([bad, bad]);
  });

  it("stops serving an entry at the token's expiry, and after maxAgeMs at the latest", async () => {
    const { auth, calls } = countingAuth();
    const cached = VerifiedUserTokens.wrap(auth, { maxAgeMs: 10 * 60_000 });
    const shortLived = `user:default/guest|${t0 + 60_000}|user`;
    await cached.authenticate(shortLived);
    now = t0 + 59_999;
    await cached.authenticate(shortLived);
    expect(calls).toHaveLength(1);
    now = t0 + 60_000;
    await cached.authenticate(shortLived);
    expect(calls).toHaveLength(2);

    const longLived = `user:default/guest|${t0 + 24 * HOUR}|user`;
    now = t0;
    await cached.authenticate(longLived);
    now = t0 + 10 * 60_000;
    await cached.authenticate(longLived);
    expect(calls.filter(c => c === longLived)).toHaveLength(2);
  });

  it('keeps only plain user tokens with an expiry, and whether limited access was allowed', async () => {
    const { auth, calls } = countingAuth();
    const cached = VerifiedUserTokens.wrap(auth);
    const tokens = [
      'plugin:catalog||service',
      `user:default/guest|${t0 + HOUR}|obo`,
      'user:default/guest||user',
    ];
    for (const token of tokens) {
      await cached.authenticate(token);
      await cached.authenticate(token);
    }
    expect(calls).toEqual(tokens.flatMap(t => [t, t]));

    const user = `user:default/guest|${t0 + HOUR}|user`;
    await cached.authenticate(user, { allowLimitedAccess: true });
    await cached.authenticate(user);
    expect(calls.filter(c => c === user)).toHaveLength(2);
  });

  it('holds at most maxEntries tokens, dropping the least recently used', async () => {
    const { auth, calls } = countingAuth();
    const cached = VerifiedUserTokens.wrap(auth, { maxEntries: 2 });
    const [a, b, c] = ['a', 'b', 'c'].map(
      u => `user:default/${u}|${t0 + HOUR}|user`,
    );
    await cached.authenticate(a);
    await cached.authenticate(b);
    await cached.authenticate(a); // a is now the most recent
    await cached.authenticate(c); // drops b
    await cached.authenticate(a);
    await cached.authenticate(b);
    expect(calls).toEqual([a, b, c, b]);
  });
});
