/**
 * The API server's error body: a `Status` object (apimachinery's metav1.Status), returned with
 * the HTTP status it names in `code`.
 */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: StatusReason;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    /** Per-field reasons (server-side apply conflicts, validation). */
    causes?: Array<{ reason: string; message: string; field: string }>;
  };
  code: number;
}

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'Conflict'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'Invalid'
  | 'InternalError';

const CODES: Record<StatusReason, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  Conflict: 409,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  Invalid: 422,
  InternalError: 500,
};

/** A request the stand-in refuses; the server turns it into a `Status` body. */
export class ApiError extends Error {
  readonly reason: StatusReason;
  readonly details?: Status['details'];

  constructor(
    reason: StatusReason,
    message: string,
    details?: Status['details'],
  ) {
    super(message);
    this.name = 'ApiError';
    this.reason = reason;
    this.details = details;
  }

  get code(): number {
    return CODES[this.reason];
  }

  toStatus(): Status {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `pods "x" not found`, as the API server words it (the resource's plural and group). */
export function notFound(plural: string, group: string, name: string) {
  const resource = group ? `${plural}.${group}` : plural;
  return new ApiError('NotFound', `${resource} "${name}" not found`, {
    name,
    ...(group ? { group } : {}),
    kind: plural,
  });
}

/** Unknown path or resource: the API server's generic NotFound. */
export const unknownPath = () =>
  new ApiError('NotFound', 'the server could not find the requested resource');
