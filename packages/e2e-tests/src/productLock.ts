import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const LOCK_FILE = path.join(os.tmpdir(), 'festivals-e2e-product.lock');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Browser test files run in parallel jest workers but share the product's fixed ports
 * (3000/7007): each takes this lock (an exclusively created file holding its pid) before starting
 * the product, waits while another worker holds it, and takes over a lock whose process died.
 * Returns the release function.
 */
export async function acquireProductLock(
  timeoutMs = 360_000,
): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(LOCK_FILE, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(LOCK_FILE, 'utf8') === String(process.pid))
            fs.rmSync(LOCK_FILE);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = Number(fs.readFileSync(LOCK_FILE, 'utf8').trim());
    if (!holder || !isAlive(holder)) {
      fs.rmSync(LOCK_FILE, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Another browser test (pid ${holder}) still holds ${LOCK_FILE} after ${
          timeoutMs / 1000
        }s`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}
