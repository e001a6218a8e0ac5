import type {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';

type Entry = {
  token: string;
  credentials: Promise<BackstageCredentials>;
  /** Epoch ms after which the entry is never served: the token's `exp`, or sooner. */
  servedUntil: number;
};

/**
 * Remembers which user tokens were verified, for as long as they are valid, so that a burst of
 * requests carrying one token (200 viewers of an incident link, the browser's parallel calls)
 * pays the ES256 signature check once instead of once per request.
 *
 * A Backstage user token is a stateless JWT: whether it verifies depends only on its bytes, its
 * signing key and the clock. So the cache changes nothing about what is accepted, given that:
 * - entries are keyed by a SHA-256 of the whole token (header, claims and signature) and the token
 *   itself is compared on a hit: a token differing in any byte (forged signature, edited claims,
 *   another user) is never answered from another token's entry;
 * - only successful verifications of a plain user token are kept (no actor, i.e. not a plugin
 *   token on behalf of a user); failures are never kept;
 * - an entry is served only while `Date.now()` is before the token's `exp` (the same instant at
 *   which the verifier starts refusing it), and at most `maxAgeMs` after it was verified, so a
 *   signing key withdrawn from the auth backend's JWKS stops being honoured within that bound;
 * - whether limited access was allowed is part of the key (a limited token is refused without it).
 * Verifications of one token in flight at once share the one check. Each caller gets its own copy
 * of the credentials.
 */
export class VerifiedUserTokens {
  readonly #auth: AuthService;
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #maxAgeMs: number;

  private constructor(
    auth: AuthService,
    options: { maxEntries: number; maxAgeMs: number },
  ) {
    this.#auth = auth;
    this.#maxEntries = options.maxEntries;
    this.#maxAgeMs = options.maxAgeMs;
  }

  /** An AuthService that is `auth` except that verified user tokens are remembered. */
  static wrap(
    auth: AuthService,
    options?: { maxEntries?: number; maxAgeMs?: number },
  ): AuthService {
    const cache = new VerifiedUserTokens(auth, {
      maxEntries: options?.maxEntries ?? 1000,
      maxAgeMs: options?.maxAgeMs ?? 5 * 60_000,
    });
    return {
      authenticate: ((token: string, opts?: { allowLimitedAccess?: boolean }) =>
        cache.authenticate(token, opts)) as AuthService['authenticate'],
      isPrincipal: ((credentials: BackstageCredentials, type: 'unknown') =>
        auth.isPrincipal(credentials, type)) as AuthService['isPrincipal'],
      getNoneCredentials: () => auth.getNoneCredentials(),
      getOwnServiceCredentials: () => auth.getOwnServiceCredentials(),
      getPluginRequestToken: o => auth.getPluginRequestToken(o),
      getLimitedUserToken: c => auth.getLimitedUserToken(c),
      listPublicServiceKeys: () => auth.listPublicServiceKeys(),
    };
  }

  async authenticate(
    token: string,
    options?: { allowLimitedAccess?: boolean },
  ): Promise<BackstageCredentials> {
    const key = `${
      options?.allowLimitedAccess ? 'limited' : 'full'
    }:${createHash('sha256').update(token).digest('base64url')}`;
    const now = Date.now();
    const kept = this.#entries.get(key);
    if (kept) {
      this.#entries.delete(key);
      if (kept.token === token && now < kept.servedUntil) {
        this.#entries.set(key, kept); // most recently used last
        return copy(await kept.credentials);
      }
    }
    const entry: Entry = {
      token,
      credentials: this.#auth.authenticate(token, options),
      servedUntil: now + this.#maxAgeMs,
    };
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    const forget = () => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    };
    let credentials: BackstageCredentials;
    try {
      credentials = await entry.credentials;
    } catch (error) {
      forget();
      throw error;
    }
    const principal = credentials.principal as Partial<BackstageUserPrincipal>;
    const expiresAt = credentials.expiresAt?.getTime();
    if (
      principal.type !== 'user' ||
      principal.actor !== undefined ||
      expiresAt === undefined
    ) {
      forget();
    } else {
      entry.servedUntil = Math.min(entry.servedUntil, expiresAt);
    }
    return copy(credentials);
  }
}

/** A caller's own copy, keeping the non-enumerable fields (the token) Backstage relies on. */
function copy(credentials: BackstageCredentials): BackstageCredentials {
  const clone = Object.create(
    Object.getPrototypeOf(credentials),
    Object.getOwnPropertyDescriptors(credentials),
  );
  clone.principal = { ...(credentials.principal as object) };
  return clone;
}
