import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { stringify } from 'yaml';

export type PromtoolResult =
  | { checked: true; output: string }
  | { checked: false; reason: string };

function run(
  binary: string,
  args: string[],
): Promise<{ code: number | 'missing'; output: string }> {
  return new Promise(resolve => {
    execFile(binary, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim();
      if (!error) return resolve({ code: 0, output });
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return resolve({ code: 'missing', output });
      return resolve({
        code: typeof error.code === 'number' ? error.code : 1,
        output: output || error.message,
      });
    });
  });
}

/**
 * `promtool check rules` on the rule groups (as a Prometheus rule file) when promtool is installed;
 * a failure is an InputError with promtool's own message. Without promtool the check is skipped
 * and the reason returned, for the caller to log.
 */
export async function checkRulesWithPromtool(
  groups: unknown[],
  options: { binary?: string; name?: string } = {},
): Promise<PromtoolResult> {
  const binary = options.binary ?? 'promtool';
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'monitoring-rules-'));
  try {
    const file = path.join(dir, `${options.name ?? 'rules'}.yaml`);
    await fs.writeFile(file, stringify({ groups }));
    const { code, output } = await run(binary, ['check', 'rules', file]);
    if (code === 'missing') {
      return {
        checked: false,
        reason: `${binary} not found on PATH (install the Debian package prometheus to check rules with it)`,
      };
    }
    if (code !== 0) {
      throw new InputError(
        `promtool check rules rejected the generated rules: ${output.replace(
          file,
          options.name ?? 'rules',
        )}`,
      );
    }
    return { checked: true, output };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
