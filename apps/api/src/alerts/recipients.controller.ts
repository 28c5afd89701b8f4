import { BadRequestException, Body, ConflictException, Controller, Get, Inject, Put, Req } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { READER_ROLES, type SignedInUser } from '#libs/access';
import { readRecipients, RecipientListConflict, replaceRecipients, type RecipientList } from '#libs/alerts';
import { PG_POOL } from '#libs/database';
import { AuditTrail } from '../audit/audit-trail.js';
import { Permit } from '../auth/access.decorators.js';
import { CurrentUser } from '../auth/current-user.js';
import { CommandMeta, type CommandContext } from '../http/command-context.decorator.js';
import { RecipientListDto } from './recipient-list.dto.js';

@ApiTags('alerts')
@Controller('recipients')
export class RecipientsController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly audit: AuditTrail,
  ) {}

  @Get()
  @Permit(...READER_ROLES)
  @ApiOperation({
    summary:
      'Who hears of overdue milestones above the project manager: county leads (L2) and city leadership (L3), with the list’s version. Addresses are the system administrator’s to see: every other role gets how many there are per role and county',
  })
  async list(@CurrentUser() reader: SignedInUser) {
    const list = await readRecipients(this.pool);
    return reader.role === 'admin' ? list : countsOf(list);
  }

  @Put()
  @Permit('admin')
  @ApiOperation({ summary: 'Replace the recipient list as a whole; send If-Match with the version you read to get 409 instead of overwriting a change' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version of the list you read, e.g. "3"' })
  async replace(@Body() body: RecipientListDto, @CommandMeta() context: CommandContext, @Req() request: FastifyRequest) {
    const seen = new Set<string>();
    body.recipients.forEach((recipient, index) => {
      const key = `${recipient.role}|${recipient.county ?? ''}|${recipient.email.toLowerCase()}`;
      if (seen.has(key)) {
        throw new BadRequestException({ code: 'INVALID_INPUT', field: `recipients.${index}.email`, message: `recipients.${index}.email: ${recipient.email} is listed twice for the same role and county` });
      }
      seen.add(key);
    });
    try {
      const list = await replaceRecipients(this.pool, body.recipients, context.actor, context.expectedVersion);
      await this.audit.record(request, { action: 'recipients.replaced', object: 'alert_recipients', result: 'success', details: { version: list.version, ...countsOf(list).counts } });
      return list;
    } catch (error) {
      if (error instanceof RecipientListConflict) {
        throw new ConflictException({ code: 'RECIPIENT_LIST_CHANGED', field: 'If-Match', message: `If-Match: the recipient list is at version ${error.currentVersion}; read it again`, currentVersion: error.currentVersion });
      }
      throw error;
    }
  }
}

/** The list without addresses: how many county leads per county, and how many in city leadership. */
function countsOf(list: RecipientList) {
  const countyLeads: Record<string, number> = {};
  for (const recipient of list.recipients) {
    if (recipient.role === 'county_lead' && recipient.county) countyLeads[recipient.county] = (countyLeads[recipient.county] ?? 0) + 1;
  }
  const cityLeadership = list.recipients.filter((recipient) => recipient.role === 'city_leadership').length;
  return { version: list.version, updatedAt: list.updatedAt, counts: { countyLeads, cityLeadership } };
}
