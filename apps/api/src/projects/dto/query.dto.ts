import { PickType } from '@nestjs/swagger';
import { ViewDateQueryDto } from '../../read-models/view-date-query.dto.js';

/**
 * A project now, as recorded by the end of a day, or as it stood on a business date. minPosition is
 * accepted like on every read: the project itself is folded from its stream (always current), and
 * its RAG light waits for the read model to reach that position.
 */
export class ProjectViewQueryDto extends PickType(ViewDateQueryDto, ['asOf', 'effectiveAt', 'minPosition']) {}
