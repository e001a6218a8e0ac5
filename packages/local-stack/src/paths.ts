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

export function stackConfigDir(): string {
  return path.join(repoRoot(), 'packages', 'local-stack', 'config');
}
