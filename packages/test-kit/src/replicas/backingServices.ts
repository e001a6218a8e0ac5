import { spawnSync } from 'node:child_process';

/**
 * The machine's PostgreSQL and Redis (ENVIRONMENT.md: running on every development and CI machine
 * of this project), reached through their own command-line clients. A test that needs them fails
 * with what to run when they are down, instead of skipping.
 */
export const POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres' };
export const REDIS_URL = 'redis://127.0.0.1:6379';

const START_POSTGRES =
  'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
const START_REDIS =
  'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no';

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.error) {
    throw new Error(
      `${command} could not be run (${
        result.error.message
      }); it comes with the machine's ${
        command === 'psql' ? 'PostgreSQL' : 'Redis'
      } client package`,
    );
  }
  return result;
}

function psql(sql: string, database = 'postgres'): string {
  const result = run('psql', [
    '-h',
    POSTGRES.host,
    '-p',
    String(POSTGRES.port),
    '-U',
    POSTGRES.user,
    '-d',
    database,
    '-v',
    'ON_ERROR_STOP=1',
    '-Atc',
    sql,
  ]);
  if (result.status !== 0) {
    throw new Error(
      `PostgreSQL at ${POSTGRES.host}:${POSTGRES.port} (user ${
        POSTGRES.user
      }) refused "${sql}": ${result.stderr.trim()}. Is it running? Start it with: ${START_POSTGRES}`,
    );
  }
  return result.stdout.trim();
}

/** Creates an empty database of this name (letters, digits and `_` only). */
export function createDatabase(name: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`Invalid database name ${name}`);
  psql(`CREATE DATABASE ${name}`);
}

/** Drops the database, closing whatever connections are still open on it. */
export function dropDatabase(name: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`Invalid database name ${name}`);
  psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

export function databaseExists(name: string): boolean {
  return psql(`SELECT 1 FROM pg_database WHERE datname = '${name}'`) === '1';
}

/** Schema names in the database (Backstage's `pluginDivisionMode: schema`: one per plugin). */
export function schemasOf(name: string): string[] {
  return psql('SELECT schema_name FROM information_schema.schemata', name)
    .split('\n')
    .filter(Boolean);
}

function redisCli(args: string[]): string {
  const result = run('redis-cli', ['-u', REDIS_URL, ...args]);
  if (result.status !== 0 || /^(ERR|Could not connect)/m.test(result.stdout)) {
    throw new Error(
      `Redis at ${REDIS_URL} did not answer "${args.join(' ')}": ${(
        result.stderr || result.stdout
      ).trim()}. Is it running? Start it with: ${START_REDIS}`,
    );
  }
  return result.stdout.trim();
}

/** Throws, saying how to start it, unless Redis answers PING. */
export function assertRedisUp(): void {
  const pong = redisCli(['PING']);
  if (pong !== 'PONG') {
    throw new Error(
      `Redis at ${REDIS_URL} answered "${pong}" to PING. Start it with: ${START_REDIS}`,
    );
  }
}

/** Keys under `namespace:` (a Backstage cache `client.namespace`). */
export function redisKeys(namespace: string): string[] {
  return redisCli(['--scan', '--pattern', `${namespace}:*`])
    .split('\n')
    .filter(Boolean);
}

/** Deletes every key under `namespace:`. */
export function clearRedisNamespace(namespace: string): void {
  const keys = redisKeys(namespace);
  for (let i = 0; i < keys.length; i += 500) {
    redisCli(['DEL', ...keys.slice(i, i + 500)]);
  }
}
