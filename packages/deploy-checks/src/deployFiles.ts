import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The repository's `deploy/` directory, found by walking up from the working directory. */
export function deployDir(from: string = process.cwd()): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'backstage.json'))) {
      return path.join(dir, 'deploy');
    }
    if (path.dirname(dir) === dir) {
      throw new Error(
        `Not inside the festivals-monitoring repository: ${from}`,
      );
    }
  }
}

export function readDeployFile(relative: string): string {
  return fs.readFileSync(path.join(deployDir(), relative), 'utf8');
}

export function readDeployYaml(relative: string): any {
  return parse(readDeployFile(relative));
}
