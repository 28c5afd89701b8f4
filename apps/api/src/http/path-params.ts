import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { MILESTONE_KEY_PATTERN } from '#libs/portfolio';

const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,79}$/;

@Injectable()
export class ProjectIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!PROJECT_ID.test(value)) {
      throw new BadRequestException({ code: 'INVALID_INPUT', field: 'id', message: 'id must be 1–80 letters, digits or hyphens' });
    }
    return value;
  }
}

@Injectable()
export class MilestoneKeyPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!MILESTONE_KEY_PATTERN.test(value)) {
      throw new BadRequestException({
        code: 'INVALID_INPUT',
        field: 'key',
        message: 'key must be 2–40 lowercase letters, digits or underscores, starting with a letter',
      });
    }
    return value;
  }
}
