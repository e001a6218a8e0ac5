import type { RunningProduct } from '@internal/test-kit';
import type { Browser } from 'playwright-core';

let shared: { product: RunningProduct; browser: Browser } | undefined;

/** Set by product.e2e.test.ts once the product and the browser run. */
export function setShared(value: typeof shared): void {
  shared = value;
}

function get() {
  if (!shared)
    throw new Error(
      'No product: the suites run from product.e2e.test.ts, which starts it',
    );
  return shared;
}

/** The one product every suite runs against. */
export const sharedProduct = (): RunningProduct => get().product;
/** The one Chromium every browser suite opens its pages in. */
export const sharedBrowser = (): Browser => get().browser;
