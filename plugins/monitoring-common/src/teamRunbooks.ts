/**
 * A team's own runbooks for an entity (the `monitoring.festivals.io/runbooks` annotation): one
 * markdown document. The contract: a level-2 heading whose first word is an alert name of the
 * built-in runbooks (`## FestivalsHighMemory`, `## FestivalsHighMemory: our notes`) starts that
 * alert's section, which runs to the next level-1 or level-2 heading and replaces the built-in
 * text of that runbook (its live diagnostics stay). Everything else (a title, an intro,
 * `## Contacts`) is the team's notes, shown above the runbooks.
 */

/** Response of `GET /runbooks`: the team's runbooks of one entity. @public */
export interface TeamRunbooksResponse {
  entityRef: string;
  /** The annotation's URL; absent when the entity has none (the built-in runbooks only). */
  url?: string;
  /** Markdown per alert name: replaces that alert's built-in runbook text. */
  sections: Record<string, string>;
  /** The rest of the document, when it has any text. */
  notes?: string;
}

/** Largest team runbook document read, in bytes. @public */
export const TEAM_RUNBOOK_MAX_BYTES = 256 * 1024;

const HEADING = /^(#{1,2})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)/;

/**
 * Splits a team's markdown into the sections of `alerts` and the notes (see the contract above).
 * A later section of the same alert is appended to the first.
 * @public
 */
export function splitTeamRunbooks(
  markdown: string,
  alerts: readonly string[],
): { sections: Record<string, string>; notes?: string } {
  const known = new Set(alerts);
  const sections: Record<string, string[]> = {};
  const notes: string[] = [];
  let current: string[] = notes;
  let inFence = false;
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    // A `## ` inside a fenced code block is code, not a heading.
    if (FENCE.test(line)) inFence = !inFence;
    const heading = inFence ? null : HEADING.exec(line);
    if (heading) {
      const name = heading[2].split(/[\s:—–-]/)[0];
      if (heading[1] === '##' && known.has(name)) {
        current = sections[name] ??= [];
        continue;
      }
      current = notes;
    }
    current.push(line);
  }
  const text = (lines: string[]) => lines.join('\n').trim();
  const out: Record<string, string> = {};
  for (const [name, lines] of Object.entries(sections)) {
    const body = text(lines);
    if (body) out[name] = body;
  }
  const rest = text(notes);
  return { sections: out, ...(rest && { notes: rest }) };
}
