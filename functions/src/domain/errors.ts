// One error type for the whole product. The code is the contract (tests, logs and the message table key on it);
// the text is derived from messages.ts so that no caller ever builds user-facing wording itself.
import { ERROR_CODES, type ErrorCode } from './error-codes.ts';
import { formatMessage } from './messages.ts';
import type { MessageParams } from './messages.ts';

export { ERROR_CODES, type ErrorCode };

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly params: MessageParams;

  constructor(code: ErrorCode, params: MessageParams = {}) {
    // English in `message` because that is what lands in server logs; users get text via formatMessage.
    super(formatMessage(code, params, 'en'));
    this.code = code;
    this.params = params;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
