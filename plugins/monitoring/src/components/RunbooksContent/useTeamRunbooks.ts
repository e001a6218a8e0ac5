import { useApi } from '@backstage/core-plugin-api';
import {
  ANNOTATION_RUNBOOKS,
  TeamRunbooksResponse,
} from '@internal/plugin-monitoring-common';
import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { monitoringApiRef } from '../../api';

/** An absolute http(s) link, or undefined: a rule annotation is text anyone with a rule file wrote. */
function safeLink(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? url.toString()
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What teams add to the built-in runbooks: their document (when the entity names one in
 * `monitoring.festivals.io/runbooks`, read by the backend) and each rule's `runbook_url`.
 * Neither is needed for the built-in runbooks, so their failures only add a warning.
 */
export function useTeamRunbooks(entity: Entity, entityRef: string) {
  const api = useApi(monitoringApiRef);
  const annotated = Boolean(
    entity.metadata.annotations?.[ANNOTATION_RUNBOOKS]?.trim(),
  );
  const team = useAsync(
    async (): Promise<TeamRunbooksResponse | undefined> =>
      annotated ? api.getTeamRunbooks(entityRef) : undefined,
    [api, entityRef, annotated],
  );
  const rules = useAsync(async () => api.getRules(entityRef), [api, entityRef]);
  const ruleLinks = useMemo(() => {
    const links: Record<string, string> = {};
    for (const rule of rules.value?.rules ?? []) {
      const link = safeLink(rule.annotations.runbook_url);
      if (link && !links[rule.name]) links[rule.name] = link;
    }
    return links;
  }, [rules.value]);
  return {
    /** The annotation's value, for messages before the backend answers. */
    annotation: entity.metadata.annotations?.[ANNOTATION_RUNBOOKS],
    team: team.value,
    /** The backend's own message (it names the document and the annotation), not the HTTP status. */
    teamError: team.error && {
      message:
        team.error instanceof ResponseError
          ? team.error.body.error.message
          : team.error.message,
    },
    ruleLinks,
  };
}
