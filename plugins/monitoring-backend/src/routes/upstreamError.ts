import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { UpstreamRequestError } from '@internal/plugin-monitoring-node';

/**
 * Runs an upstream call; its failure becomes a Backstage error with the upstream's message:
 * an Alertmanager refusing a silence or a Loki refusing a query (parse error, too many lines,
 * range longer than its `max_query_length`) is the user's 400, anything else a 503.
 */
export async function upstream<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (!(e instanceof UpstreamRequestError)) throw e;
    if (
      e.upstream === 'alertmanager' &&
      (e.status === 400 || e.status === 422)
    ) {
      throw new InputError(e.message);
    }
    if (e.upstream === 'loki' && e.status === 400) {
      throw new InputError(e.message);
    }
    throw new ServiceUnavailableError(e.message);
  }
}
