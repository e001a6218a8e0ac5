import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startProduct, type RunningProduct } from '@internal/test-kit';
import { type Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { browserTestProduct } from './productConfig';
import { setShared } from './suites/context';
// The suites register their describe blocks when imported, and run in this order. Metrics goes
// last: its final test stops Prometheus. Runbooks after Logs: its replayed OOM incident writes
// festivals-api log lines of its own, which the Logs suite's pages would include.
import './suites/scaffolder';
import './suites/permissions';
import './suites/alerts';
import './suites/logs';
import './suites/runbooks';
import './suites/accessibility';
import './suites/metrics';

// Every browser suite against one product: the fixed ports 3000/7007 allow one at a time, and
// starting it is most of the cost.
jest.setTimeout(420_000);

let tmp: string | undefined;
let product: RunningProduct | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'browser-e2e-'));
  product = await startProduct(browserTestProduct(tmp));
  browser = await launchChromium();
  setShared({ product, browser });
  // Longer than startProduct's own readiness limits together, so a slow start fails with its
  // message and the server's log rather than a bare hook timeout.
}, 1_200_000);

afterAll(async () => {
  await browser?.close();
  await product?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}, 180_000);
