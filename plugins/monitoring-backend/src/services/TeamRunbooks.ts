import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  ANNOTATION_RUNBOOKS,
  RUNBOOKS,
  splitTeamRunbooks,
  TEAM_RUNBOOK_MAX_BYTES,
  TeamRunbooksResponse,
} from '@internal/plugin-monitoring-common';

/** How long one read of the team's document may take. */
const READ_TIMEOUT_MS = 10_000;

/**
 * The teams' own runbooks: the markdown document an entity names in
 * `monitoring.festivals.io/runbooks`, read with Backstage's UrlReader (so only integrations and
 * `backend.reading.allow` hosts, with their credentials, never a URL the browser chose), split
 * into per-alert sections that replace the built-in text and the team's notes.
 */
export class TeamRunbooks {
  private constructor(private readonly urlReader: UrlReaderService) {}

  static create(options: { urlReader: UrlReaderService }): TeamRunbooks {
    return new TeamRunbooks(options.urlReader);
  }

  async read(entity: Entity, entityRef: string): Promise<TeamRunbooksResponse> {
    const raw = entity.metadata.annotations?.[ANNOTATION_RUNBOOKS]?.trim();
    if (!raw) return { entityRef, sections: {} };
    const url = absoluteUrl(raw, entityRef);
    const where = `the team runbooks of ${entityRef} (${ANNOTATION_RUNBOOKS}: ${url})`;
    let buffer: Buffer;
    try {
      const response = await this.urlReader.readUrl(url, {
        signal: AbortSignal.timeout(READ_TIMEOUT_MS),
      });
      buffer = await response.buffer();
    } catch (e) {
      throw readFailure(e, where);
    }
    if (buffer.byteLength > TEAM_RUNBOOK_MAX_BYTES)
      throw new InputError(
        `Could not use ${where}: the document is ${Math.ceil(
          buffer.byteLength / 1024,
        )} KiB, more than the ${
          TEAM_RUNBOOK_MAX_BYTES / 1024
        } KiB a runbook may be; split it or link the rest`,
      );
    const { sections, notes } = splitTeamRunbooks(
      buffer.toString('utf8'),
      RUNBOOKS.map(r => r.alert),
    );
    return { entityRef, url, sections, ...(notes && { notes }) };
  }
}

function absoluteUrl(raw: string, entityRef: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new InputError(
      `Entity ${entityRef}: annotation ${ANNOTATION_RUNBOOKS} must be an absolute URL of a markdown document, got '${raw}'`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new InputError(
      `Entity ${entityRef}: annotation ${ANNOTATION_RUNBOOKS} must be an http(s) URL, got '${raw}'`,
    );
  return parsed.toString();
}

/** The UrlReader's failure, as a local error that says which document and what to do. */
function readFailure(e: unknown, where: string): Error {
  const message = isError(e) ? e.message : String(e);
  const name = isError(e) ? e.name : '';
  if (name === 'NotAllowedError')
    return new NotAllowedError(`Reading ${where} is not allowed: ${message}`);
  if (name === 'NotFoundError')
    return new NotFoundError(
      `${where} was not found (${message}); fix the annotation or publish the document`,
    );
  if (name === 'TimeoutError' || name === 'AbortError')
    return new ServiceUnavailableError(
      `Reading ${where} took longer than ${
        READ_TIMEOUT_MS / 1000
      } s; check that its host answers from the backend`,
    );
  return new ServiceUnavailableError(
    `Could not read ${where}: ${message}; check that the URL answers from the backend`,
  );
}
