import { BadRequestException, Body, ConflictException, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { readRecipients, RecipientListConflict, replaceRecipients } from '#libs/alerts';
import { PG_POOL } from '#libs/database';
import { CommandMeta, type CommandContext } from '../http/command-context.decorator.js';
import { RecipientListDto } from './recipient-list.dto.js';

@ApiTags('alerts')
@Controller('recipients')
export class RecipientsController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  @Get()
  @ApiOperation({ summary: 'Who hears of overdue milestones above the project manager: county leads (L2) and city leadership (L3), with the list’s version' })
  list() {
    return readRecipients(this.pool);
  }

  @Put()
  @ApiOperation({ summary: 'Replace the recipient list as a whole; send If-Match with the version you read to get 409 instead of overwriting a change' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version of the list you read, e.g. "3"' })
  async replace(@Body() body: RecipientListDto, @CommandMeta() context: CommandContext) {
    const seen = new Set<string>();
    body.recipients.forEach((recipient, index) => {
      const key = `${recipient.role}|${recipient.county ?? ''}|${recipient.email.toLowerCase()}`;
      if (seen.has(key)) {
        throw new BadRequestException({ code: 'INVALID_INPUT', field: `recipients.${index}.email`, message: `recipients.${index}.email: ${recipient.email} is listed twice for the same role and county` });
      }
      seen.add(key);
    });
    try {
      return await replaceRecipients(this.pool, body.recipients, context.actor, context.expectedVersion);
    } catch (error) {
      if (error instanceof RecipientListConflict) {
        throw new ConflictException({ code: 'RECIPIENT_LIST_CHANGED', field: 'If-Match', message: `If-Match: the recipient list is at version ${error.currentVersion}; read it again`, currentVersion: error.currentVersion });
      }
      throw error;
    }
  }
}
