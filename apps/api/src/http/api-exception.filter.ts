import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CommandIdReusedError, ConcurrencyError } from '#libs/event-store';
import { DomainError, type DomainErrorKind } from '#libs/portfolio';

const STATUS_OF: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  rule_violation: HttpStatus.UNPROCESSABLE_ENTITY,
};

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  field?: string;
  [detail: string]: unknown;
}

/** The one place where errors become HTTP responses (design §5). */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(error);
    if (body.statusCode >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    void response.status(body.statusCode).send(body);
  }

  private toBody(error: unknown): ErrorBody {
    if (error instanceof DomainError) {
      return { statusCode: STATUS_OF[error.kind], code: error.code, message: error.message, field: error.field };
    }
    if (error instanceof ConcurrencyError) {
      return {
        statusCode: HttpStatus.CONFLICT,
        code: 'VERSION_CONFLICT',
        message: `${error.message}: reload the project and try again`,
        field: 'If-Match',
        currentVersion: error.currentVersion,
      };
    }
    if (error instanceof CommandIdReusedError) {
      return { statusCode: HttpStatus.UNPROCESSABLE_ENTITY, code: 'IDEMPOTENCY_KEY_REUSED', message: error.message, field: 'Idempotency-Key' };
    }
    if (error instanceof HttpException) return httpExceptionBody(error);
    const unstorable = unstorableInput(error);
    if (unstorable) return unstorable;
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: 'internal error' };
  }
}

function httpExceptionBody(error: HttpException): ErrorBody {
  const statusCode = error.getStatus();
  const response = error.getResponse();
  if (typeof response === 'object' && response !== null && 'code' in response) {
    return { ...(response as ErrorBody), statusCode };
  }
  const message = typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? error.message);
  if (statusCode === HttpStatus.PAYLOAD_TOO_LARGE) {
    return { statusCode, code: 'PAYLOAD_TOO_LARGE', message: 'the request body is larger than 100 kB', field: 'body' };
  }
  // Fastify refuses a body it cannot parse before any route runs; Nest hands that on as a 400.
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const unparsable = cause instanceof SyntaxError || (typeof cause?.code === 'string' && cause.code.startsWith('FST_ERR_CTP')) || /not valid JSON/i.test(message);
  if (statusCode === HttpStatus.BAD_REQUEST && unparsable) {
    return { statusCode, code: 'MALFORMED_JSON', message: `the request body is not valid JSON: ${message}`, field: 'body' };
  }
  return { statusCode, code: HttpStatus[statusCode] ?? 'HTTP_ERROR', message };
}

/** Input that got past validation but that PostgreSQL or the parser cannot take is still bad input. */
function unstorableInput(error: unknown): ErrorBody | null {
  const code = (error as { code?: unknown }).code;
  if (code === '22P05' || code === '22021' || code === '22P02') {
    return { statusCode: HttpStatus.BAD_REQUEST, code: 'INVALID_INPUT', message: 'the request body holds text that cannot be stored', field: 'body' };
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return { statusCode: HttpStatus.BAD_REQUEST, code: 'INVALID_INPUT', message: 'the request body is nested too deeply', field: 'body' };
  }
  return null;
}
