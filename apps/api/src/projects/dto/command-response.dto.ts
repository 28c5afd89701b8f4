import { ApiProperty } from '@nestjs/swagger';

export class CommandResponseDto {
  @ApiProperty({ example: 'laian-3f9a1c0b2d' })
  id: string;

  @ApiProperty({ example: 4, description: 'The project version after the command (send it back as If-Match)' })
  version: number;

  @ApiProperty({ example: 1289, description: 'Global log position of the last event written' })
  position: number;
}
