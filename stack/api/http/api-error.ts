// Errors a handler raises to answer with a 4xx/5xx. Each service renders them in its own body
// format (nova faults, keystone `error`, NeutronError, glance plain text); `kind` carries the
// type name where the format has one (NeutronError's `type`), otherwise it is derived from the
// status.

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly kind: string | null = null) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string, kind: string | null = null) => new ApiError(400, message, kind);
export const forbidden = (message: string, kind: string | null = null) => new ApiError(403, message, kind);
export const notFound = (message: string, kind: string | null = null) => new ApiError(404, message, kind);
export const conflict = (message: string, kind: string | null = null) => new ApiError(409, message, kind);

/** What keystonemiddleware's auth_token answers for a missing or invalid token. */
export const UNAUTHORIZED_MESSAGE = 'The request you have made requires authentication.';
export const unauthorized = () => new ApiError(401, UNAUTHORIZED_MESSAGE, 'Unauthorized');

/** Oslo.policy's refusal, as Nova words it. */
export const policyForbids = (rule: string) => forbidden(`Policy doesn't allow ${rule} to be performed.`);

/** A fault nova's wsgi Resource answers itself (logged 'Returning N to user', not 'HTTP exception thrown'). */
export const WSGI_FAULT = 'wsgi-fault';
/** VersionNotFoundForAPIMethod: the method does not exist at the request's microversion (a bare 404). */
export const versionNotFound = () => new ApiError(404, 'The resource could not be found.', WSGI_FAULT);
