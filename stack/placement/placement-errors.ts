// Placement's error responses: the API working group's `{"errors": [{status, title, detail,
// code, request_id}]}` body, with webob's explanation leading the detail as placement sends it.

export const ERROR_CODES = {
  DEFAULT: 'placement.undefined_code',
  CONCURRENT_UPDATE: 'placement.concurrent_update',
  INVENTORY_INUSE: 'placement.inventory.inuse',
  DUPLICATE_NAME: 'placement.duplicate_name',
  PROVIDER_IN_USE: 'placement.resource_provider.inuse',
} as const;

/** Errors carry their code only from this microversion on. */
const ERROR_CODE_MICROVERSION = '1.23';

const STATUS_TEXT: Record<number, { title: string; explanation: string }> = {
  400: { title: 'Bad Request', explanation: 'The server could not comply with the request since it is either malformed or otherwise incorrect.' },
  401: { title: 'Unauthorized', explanation: 'This server could not verify that you are authorized to access the document you requested.' },
  403: { title: 'Forbidden', explanation: 'Access was denied to this resource.' },
  404: { title: 'Not Found', explanation: 'The resource could not be found.' },
  405: { title: 'Method Not Allowed', explanation: 'The method specified is not allowed for this resource.' },
  406: { title: 'Not Acceptable', explanation: 'The resource could not be generated that was acceptable to your browser.' },
  409: { title: 'Conflict', explanation: 'There was a conflict when trying to complete your request.' },
  413: { title: 'Request Entity Too Large', explanation: 'The body of your request was too large for this server.' },
  415: { title: 'Unsupported Media Type', explanation: 'The request media type is not supported by this server.' },
  500: { title: 'Internal Server Error', explanation: 'The server has either erred or is incapable of performing the requested operation.' },
};

export class PlacementError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly code: string = ERROR_CODES.DEFAULT,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'PlacementError';
  }
}

export interface ErrorEntry {
  status: number;
  title: string;
  detail: string;
  code?: string;
  request_id: string;
  max_version?: string;
  min_version?: string;
}

/** `version` is null when the request's microversion could not be parsed (406). */
export function errorBody(e: PlacementError, requestId: string, version: { matches(min: string): boolean } | null, bounds: { min: string; max: string }): { errors: ErrorEntry[] } {
  const text = STATUS_TEXT[e.status] ?? { title: 'Error', explanation: '' };
  const entry: ErrorEntry = {
    status: e.status, title: text.title, detail: `${text.explanation}\n\n ${e.detail}  `,
    ...(version?.matches(ERROR_CODE_MICROVERSION) ? { code: e.code } : {}),
    request_id: requestId,
    ...(e.status === 406 && version === null ? { max_version: bounds.max, min_version: bounds.min } : {}),
  };
  return { errors: [entry] };
}
