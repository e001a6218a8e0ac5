import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless. Background networking off: this machine's closed network
 * refuses Chromium's own connections, many at a time.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The guest provider's sign-in page shows an "Enter" button on a new browser context. */
export async function signIn(page: Page): Promise<void> {
  const enter = page.getByRole('button', { name: 'Enter' });
  if (await enter.isVisible({ timeout: 10_000 }).catch(() => false))
    await enter.click();
}
