// Errors in the JSON shape every Google REST API returns, so googleapis clients raise the same GaxiosError
// (status, message) that production code sees.

const STATUS_BY_CODE: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'ALREADY_EXISTS',
  413: 'OUT_OF_RANGE',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
};

export class ApiError extends Error {
  readonly status: string;

  constructor(
    readonly code: number,
    message: string,
    status?: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status ?? STATUS_BY_CODE[code] ?? 'UNKNOWN';
  }

  toJSON(): { error: { code: number; message: string; status: string } } {
    return { error: { code: this.code, message: this.message, status: this.status } };
  }
}

export function invalidArgument(message: string): ApiError {
  return new ApiError(400, message);
}

export function notFound(message = 'Requested entity was not found.'): ApiError {
  return new ApiError(404, message);
}
