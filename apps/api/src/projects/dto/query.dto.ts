import { PickType } from '@nestjs/swagger';
import { ViewDateQueryDto } from '../../read-models/view-date-query.dto.js';

/** A project now, as recorded by the end of a day, or as it stood on a business date. */
export class ProjectViewQueryDto extends PickType(ViewDateQueryDto, ['asOf', 'effectiveAt']) {}
