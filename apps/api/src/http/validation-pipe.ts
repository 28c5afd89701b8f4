import { type ArgumentMetadata, BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** A command body is one JSON object; an array or a bare value is refused before its fields are looked at. */
class ObjectBodyValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body') return super.transform(value, metadata);
    const body = value ?? {};
    if (typeof body !== 'object' || Array.isArray(body)) {
      throw new BadRequestException({ code: 'INVALID_INPUT', field: 'body', message: 'the request body must be a JSON object' });
    }
    return super.transform(body, metadata);
  }
}

/** whitelist + forbid unknown fields + transform; a 400 lists every field and what is wrong with it. */
export function apiValidationPipe(): ValidationPipe {
  return new ObjectBodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new BadRequestException({
        code: 'INVALID_INPUT',
        message: fields.map((f) => f.problems.join('; ')).join('; '),
        field: fields[0]?.field,
        errors: fields,
      });
    },
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
