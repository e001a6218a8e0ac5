import { execFileSync } from 'node:child_process';

/** The Debian package that provides each binary the stack runs. */
export const STACK_BINARIES = {
  prometheus: 'prometheus',
  promtool: 'prometheus',
  'prometheus-alertmanager': 'prometheus-alertmanager',
  amtool: 'prometheus-alertmanager',
} as const;

export type StackBinary = keyof typeof STACK_BINARIES;

export function hasBinary(name: string): boolean {
  try {
    execFileSync('/bin/sh', ['-c', 'command -v "$0"', name], {
      stdio: 'ignore',
      env: process.env,
    });
    return true;
  } catch {
    return false;
  }
}

/** Throws a message naming the apt packages to install when a binary is missing. */
export function requireBinaries(names: StackBinary[]): void {
  const missing = names.filter(n => !hasBinary(n));
  if (missing.length) {
    const packages = [...new Set(missing.map(n => STACK_BINARIES[n]))].join(
      ' ',
    );
    throw new Error(
      `Missing ${missing.join(
        ', ',
      )}. Install them with: sudo apt-get install -y ${packages}`,
    );
  }
}
