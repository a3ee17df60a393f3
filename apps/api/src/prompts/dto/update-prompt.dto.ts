import { PartialType } from '@nestjs/swagger';
import { PromptMetadataDto } from './prompt-metadata.dto';

export class UpdatePromptDto extends PartialType(PromptMetadataDto) {}
