import { IsIn } from 'class-validator';

/** `IsIn` whose 400 names the field and lists what it may be. */
export function IsOneOf(values: readonly unknown[]): PropertyDecorator {
  return IsIn(values as unknown[], { message: `$property must be one of ${values.join(', ')}` });
}
