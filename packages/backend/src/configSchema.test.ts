import { loadConfigSchema } from '@backstage/config-loader';
import { JsonObject } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// The keys the example backend's own modules read (devUsersAuth.ts, permissionPolicy.ts) are
// declared in packages/backend/config.d.ts, which package.json names as `configSchema`: loaded as
// `backstage-cli config:check --strict` and the backend load it, from the package's dependencies.

const root = path.resolve(__dirname, '../../..');
const appConfig = parse(
  fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
) as JsonObject;

/** The two sections the modules read, as app-config.yaml has them, with `changes` on top. */
function config(changes: { users?: unknown; manifestAppliers?: unknown }) {
  const auth = appConfig.auth as any;
  const permission = appConfig.permission as any;
  return {
    // Required by the app's and backend's own schemas.
    app: appConfig.app,
    backend: appConfig.backend,
    auth: {
      providers: {
        guest: {
          users: changes.users ?? auth.providers.guest.users,
        },
      },
    },
    permission: {
      ...permission,
      monitoring: {
        manifestAppliers:
          changes.manifestAppliers ?? permission.monitoring.manifestAppliers,
      },
    },
  } as JsonObject;
}

describe('the example backend config schema', () => {
  let schema: Awaited<ReturnType<typeof loadConfigSchema>>;

  beforeAll(async () => {
    schema = await loadConfigSchema({
      dependencies: ['backend'],
      packagePaths: [path.join(root, 'package.json')],
    });
  }, 120_000);

  const validate = (data: JsonObject) =>
    schema.process([{ context: 'test', data }]);

  it("accepts app-config.yaml's development users and manifest appliers", () => {
    expect(() => validate(config({}))).not.toThrow();
    // The keys are in the schema (not merely tolerated): the processed config keeps them.
    const [processed] = validate(config({}));
    expect(processed.data).toMatchObject({
      auth: {
        providers: {
          guest: { users: ['user:default/guest', 'user:default/reader'] },
        },
      },
      permission: {
        monitoring: { manifestAppliers: ['group:default/festivals-team'] },
      },
    });
  });

  it('refuses a list written as one string or holding an object, naming the key', () => {
    expect(() => validate(config({ users: 'user:default/guest' }))).toThrow(
      /must be array.*\/auth\/providers\/guest\/users/,
    );
    expect(() =>
      validate(config({ manifestAppliers: 'group:default/festivals-team' })),
    ).toThrow(/must be array.*\/permission\/monitoring\/manifestAppliers/);
    expect(() =>
      validate(config({ manifestAppliers: [{ group: 'festivals-team' }] })),
    ).toThrow(/\/permission\/monitoring\/manifestAppliers\/0/);
  });

  it('keeps both lists out of the config the app ships to the browser', () => {
    const [frontend] = schema.process([{ context: 'test', data: config({}) }], {
      visibility: ['frontend'],
    });
    const shipped = JSON.stringify(frontend.data);
    expect(shipped).not.toContain('user:default/reader');
    expect(shipped).not.toContain('festivals-team');
    // permission.enabled is frontend-visible (the app asks before showing actions).
    expect(frontend.data).toMatchObject({ permission: { enabled: true } });
  });
});
