import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ValidationFailedError } from './domain.error';

/** Path numbers such as `/versions/{version}`: a positive integer, or a 400 naming the parameter. */
@Injectable()
export class ParsePositiveIntPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const number = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
      const field = metadata.data ?? 'value';
      throw new ValidationFailedError([{ field, message: `${field} must be a positive whole number, got "${value}"` }]);
    }
    return number;
  }
}
