import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { repoRoot } from '@internal/local-stack';
import { parse, stringify } from 'yaml';

/**
 * Environment that registers `entities` in the product's catalog next to the app-config ones:
 * they are written to `dir` and `catalog.locations` is set to app-config.yaml's list plus that
 * file (config from the environment replaces an array rather than extending it).
 */
export function extraCatalogEnv(
  entities: Entity[],
  dir: string,
): Record<string, string> {
  if (!entities.length) return {};
  const file = path.join(dir, 'extra-entities.yaml');
  fs.writeFileSync(file, entities.map(e => stringify(e)).join('---\n'));
  const appConfig = parse(
    fs.readFileSync(path.join(repoRoot(), 'app-config.yaml'), 'utf8'),
  );
  const locations = [
    ...(appConfig.catalog?.locations ?? []),
    { type: 'file', target: file },
  ];
  return { APP_CONFIG_catalog_locations: JSON.stringify(locations) };
}

/** Polls the catalog until every ref is readable (the catalog ingests its files in the background). */
export async function waitForEntities(
  backendUrl: string,
  refs: string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let missing = refs;
  while (Date.now() < deadline) {
    const auth = await fetch(`${backendUrl}/api/auth/guest/refresh`);
    if (auth.ok) {
      const token = (await auth.json()).backstageIdentity.token;
      const found = await Promise.all(
        missing.map(async ref => {
          const [kind, rest] = ref.split(':');
          const [namespace, name] = rest.split('/');
          const res = await fetch(
            `${backendUrl}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
            { headers: { Authorization: `Bearer ${token}` } },
          );
          return res.ok;
        }),
      );
      missing = missing.filter((_, i) => !found[i]);
      if (!missing.length) return;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `the catalog still lacks ${missing.join(', ')} after ${timeoutMs / 1000} s`,
  );
}
