import { ResponseError } from '@backstage/errors';

/** What a failed logs request means to the reader. */
export interface LogsFault {
  /** The backend refused the logs permission: shown like the permission check. */
  denied: boolean;
  title: string;
  /** The backend's own message (Loki's text, the 429 wording, the timeout advice, the URL). */
  message: string;
}

function statusOf(error: Error): number | undefined {
  return error instanceof ResponseError || error.name === 'ResponseError'
    ? (error as ResponseError).statusCode
    : undefined;
}

function backendMessage(error: Error): string {
  const body = (error as Partial<ResponseError>).body;
  return body?.error?.message || error.message;
}

export function logsFault(error: Error): LogsFault {
  const status = statusOf(error);
  const message = backendMessage(error);
  const nameInBody = (error as Partial<ResponseError>).body?.error?.name;
  if (status === 403 || nameInBody === 'NotAllowedError') {
    return { denied: true, title: 'Not allowed', message };
  }
  let title = 'Could not load logs';
  if (status === 400) title = 'The logs request was rejected';
  else if (status === 404) title = 'Not found';
  else if (status !== undefined && status >= 500)
    title = 'Loki could not answer';
  return { denied: false, title, message };
}
