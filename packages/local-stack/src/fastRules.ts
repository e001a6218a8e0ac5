import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { festivalsRulesFile } from './processes.ts';

/**
 * The seed's rules with every `for` and range window shortened, written to `dir`, so a replayed
 * incident fires its alert within minutes (`./scripts/run --fast-alerts`). Thresholds, labels
 * and annotations are unchanged. (test-kit's fastFestivalsRulesFile, which also scopes rules to
 * services, depends on this package, so this one lives here.)
 */
export function shortenedFestivalsRulesFile(options: {
  dir: string;
  /** Every rule's `for` (default 30s). */
  for?: string;
  /** Replaces every range window, `[5m]`, `[10m]`, `[1h]` (default 1m). */
  window?: string;
}): string {
  const doc = parse(fs.readFileSync(festivalsRulesFile(), 'utf8'));
  for (const group of doc.groups) {
    for (const rule of group.rules) {
      rule.for = options.for ?? '30s';
      rule.expr = String(rule.expr).replace(
        /\[\d+[smhd]\]/g,
        `[${options.window ?? '1m'}]`,
      );
    }
  }
  fs.mkdirSync(options.dir, { recursive: true });
  const file = path.join(options.dir, 'festivals-rules-shortened.yml');
  fs.writeFileSync(file, stringify(doc));
  return file;
}
