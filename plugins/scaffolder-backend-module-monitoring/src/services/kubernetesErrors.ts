import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { ApiException } from '@kubernetes/client-node';
import type { ClusterSettings } from './KubernetesApplier';

const CLUSTERS_KEY = 'monitoring.scaffolder.kubernetes.clusters[]';

/** Why an API call failed, in words: status, the API server's message, and what to do. */
export class KubernetesApplyError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'KubernetesApplyError';
  }
}

/** The parts of a Kubernetes `Status` body (api-concepts: "Responses") this module reads. */
export interface KubernetesStatus {
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    kind?: string;
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
  };
}

/** The API server's Status object from an error body (the client may hand it over as text). */
function statusOf(body: unknown): KubernetesStatus | string {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body);
    } catch {
      return body;
    }
  }
  return (body ?? '') as KubernetesStatus;
}

/** A 404 for the namespace itself (`namespaces "x" not found`), not for the object or the CRD. */
function missingNamespace(status: KubernetesStatus | string) {
  return typeof status === 'object' && status.details?.kind === 'namespaces'
    ? status.details.name
    : undefined;
}

function nextStep(
  code: number | undefined,
  status: KubernetesStatus | string,
): string {
  switch (code) {
    case 401:
      return `check ${CLUSTERS_KEY}.serviceAccountToken`;
    case 403:
      // A server-side apply that creates the object is authorized as `create`, an update as `patch`.
      return 'grant the service account get, create and patch on servicemonitors and prometheusrules (monitoring.coreos.com) in that namespace';
    case 404: {
      const ns = missingNamespace(status);
      return ns
        ? `the namespace '${ns}' does not exist in the cluster: create it (kubectl create namespace ${ns}) or choose an existing one`
        : 'install the prometheus-operator CRDs (monitoring.coreos.com/v1) in the cluster';
    }
    case 409:
      return "another field manager owns these fields: change them through that manager, or take them over by running the template again with 'Take over conflicting fields' ticked (the step's force: true input)";
    case 422:
      return 'the cluster’s validation refused the manifest: fix the template input';
    default:
      return 'check the cluster URL and that the API server is healthy, then re-run (applying again is safe)';
  }
}

// Node's TLS verification codes (openssl's X509_V_ERR_* names) and hostname mismatch.
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The innermost `code` of an error chain (fetch wraps the socket error in `cause`). */
function codeOf(e: unknown): string | undefined {
  let cur = e as { code?: unknown; cause?: unknown } | undefined;
  let code: string | undefined;
  for (let i = 0; cur && i < 5; i++) {
    if (typeof cur.code === 'string') code = cur.code;
    cur = cur.cause as typeof cur;
  }
  return code;
}

/**
 * Maps a failed API call to a Backstage error type, so the scaffolder (and its dry-run endpoint)
 * answers 403/404/400/409 for the cluster's refusals, not 500.
 */
export function describeFailure(
  e: unknown,
  what: string,
  cluster: ClusterSettings,
): Error {
  if (e instanceof ApiException) {
    const body = statusOf(e.body);
    const detail =
      typeof body === 'object' && body?.message
        ? `${body.reason ? `${body.reason}: ` : ''}${body.message}`
        : String(body).slice(0, 500);
    const message = `Kubernetes cluster '${
      cluster.name
    }' refused ${what} (HTTP ${e.code}): ${detail}. Next step: ${nextStep(
      e.code,
      body,
    )}`;
    switch (e.code) {
      case 403:
        return new NotAllowedError(message);
      case 404:
        return new NotFoundError(message);
      case 409:
        return new ConflictError(message);
      case 422:
        return new InputError(message);
      default:
        return new KubernetesApplyError(message, e.code);
    }
  }
  const code = codeOf(e);
  if (code && TLS_CODES.has(code))
    return new KubernetesApplyError(
      `Kubernetes API of cluster '${cluster.name}' at ${cluster.url}: TLS verification of the API server's certificate failed (${code}) for ${what}. Next step: give the cluster's CA as ${CLUSTERS_KEY}.caData (base64 PEM) or caFile (a PEM file); skipTLSVerify: true only for a local test cluster`,
    );
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = code ?? err.cause?.message ?? err.message;
  return new KubernetesApplyError(
    `Kubernetes API of cluster '${cluster.name}' at ${
      cluster.url
    } failed for ${what} (${cause}). Next step: ${nextStep(undefined, '')}`,
  );
}
