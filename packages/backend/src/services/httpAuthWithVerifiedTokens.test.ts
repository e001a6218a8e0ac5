import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { httpAuthWithVerifiedTokensServiceFactory } from './httpAuthWithVerifiedTokens';

// Backstage's real AuthService (ES256 verification against the auth plugin's JWKS) behind the
// cache, and a route behind Backstage's real credentials barrier: what the cache must never
// change is which tokens get through and as whom.

const signing = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const KID = 'festivals-test-key';

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

function userToken(
  sub: string,
  expSeconds: number,
  key: KeyObject = signing.privateKey,
) {
  const head = `${b64({
    alg: 'ES256',
    typ: 'vnd.backstage.user',
    kid: KID,
  })}.${b64({
    sub,
    ent: [sub],
    iat: Math.floor(Date.now() / 1000),
    exp: expSeconds,
  })}`;
  const signature = sign('sha256', Buffer.from(head), {
    key,
    dsaEncoding: 'ieee-p1363',
  }).toString('base64url');
  return `${head}.${signature}`;
}

/** Stands in for the auth backend's JWKS endpoint only; the verification is Backstage's own. */
const jwksPlugin = createBackendPlugin({
  pluginId: 'auth',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        httpRouter.use((req, res, next) => {
          if (req.path !== '/.well-known/jwks.json') {
            next();
            return;
          }
          res.json({
            keys: [
              {
                ...signing.publicKey.export({ format: 'jwk' }),
                kid: KID,
                alg: 'ES256',
                use: 'sig',
              },
            ],
          });
        });
        httpRouter.addAuthPolicy({
          path: '/.well-known',
          allow: 'unauthenticated',
        });
      },
    });
  },
});

const whoamiPlugin = createBackendPlugin({
  pluginId: 'whoami',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ httpRouter, httpAuth }) {
        httpRouter.use(async (req, res, next) => {
          if (req.path !== '/me') {
            next();
            return;
          }
          const credentials = await httpAuth.credentials(req, {
            allow: ['user'],
          });
          res.json(credentials.principal);
        });
      },
    });
  },
});

describe('httpAuth with verified user tokens remembered', () => {
  let baseUrl = '';
  const me = async (token: string) => {
    const res = await fetch(`${baseUrl}/api/whoami/me`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    const { server } = await startTestBackend({
      features: [
        authServiceFactory,
        httpAuthWithVerifiedTokensServiceFactory,
        mockServices.rootConfig.factory({ data: {} }),
        jwksPlugin,
        whoamiPlugin,
      ],
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

  it('answers each user as themselves, however often and interleaved', async () => {
    const guest = userToken('user:default/guest', inAnHour());
    const reader = userToken('user:default/reader', inAnHour());
    for (let i = 0; i < 3; i++) {
      const answers = await Promise.all([me(guest), me(reader), me(guest)]);
      expect(answers.map(a => [a.status, a.body.userEntityRef])).toEqual([
        [200, 'user:default/guest'],
        [200, 'user:default/reader'],
        [200, 'user:default/guest'],
      ]);
    }
  });

  it('refuses forged tokens after the genuine one was remembered', async () => {
    const exp = inAnHour();
    const genuine = userToken('user:default/reader', exp);
    expect((await me(genuine)).status).toBe(200);

    // Same claims, signed with another key under the same key id.
    expect(
      (await me(userToken('user:default/reader', exp, other.privateKey)))
        .status,
    ).toBe(401);
    // The genuine signature on edited claims (another user).
    const [, , signature] = genuine.split('.');
    const [editedHead, editedClaims] = userToken(
      'user:default/guest',
      exp,
    ).split('.');
    expect(
      (await me(`${editedHead}.${editedClaims}.${signature}`)).status,
    ).toBe(401);
    // A truncated signature.
    expect((await me(genuine.slice(0, -2))).status).toBe(401);
    expect((await me(genuine)).status).toBe(200);
  });

  it('refuses a remembered token once it has expired', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = userToken('user:default/guest', exp);
    expect((await me(token)).status).toBe(200);
    expect((await me(token)).status).toBe(200);
    await new Promise(r => setTimeout(r, exp * 1000 - Date.now() + 50));
    expect((await me(token)).status).toBe(401);
  });
});
