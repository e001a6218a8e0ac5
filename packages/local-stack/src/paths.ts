import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository root, found by walking up from the working directory. The stack runs both as a
 * plain Node script and under jest (CommonJS), so neither `import.meta` nor `__dirname` works in
 * both; the cwd is always inside the repository in either case.
 */
export function repoRoot(from: string = process.cwd()): string {
  let dir = path.resolve(from);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'backstage.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        `Not inside the festivals-monitoring repository: ${from}`,
      );
    }
    dir = parent;
  }
}

/**
 * Where the stack's Prometheus rules (and their promtool tests) live: `deploy/prometheus`, the
 * files a platform team installs, so what the stack runs and the tests check is what is shipped.
 */
export function rulesDir(): string {
  return path.join(repoRoot(), 'deploy', 'prometheus');
}

/** Where the Alertmanager configurations the stack loads live: `deploy/alertmanager`. */
export function alertmanagerDir(): string {
  return path.join(repoRoot(), 'deploy', 'alertmanager');
}
