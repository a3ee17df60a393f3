import { RequirePermission } from '../common/auth/require-permission.decorator';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import {
  RenderTemplateDto,
  RenderTemplateResponseDto,
  TemplateVariablesDto,
  TemplateVariablesResponseDto,
} from './dto/render.dto';
import { BuilderService } from './builder.service';
import { RenderingService } from './rendering.service';

/** Works on unsaved templates, for the editor. */
@ApiTags('templates')
@ApiBearerAuth()
@Controller('api/v1/templates')
export class TemplatesController {
  constructor(
    private readonly rendering: RenderingService,
    private readonly builder: BuilderService,
  ) {}

  /** Render an unsaved template with variables. */
  @Post('render')
  @HttpCode(200)
  @ApiProblems(400, 401, 422)
  @RequirePermission('prompt:view')
  renderTemplate(@Body() body: RenderTemplateDto): Promise<RenderTemplateResponseDto> {
    return this.rendering.renderUnsaved(body, body.variables ?? {});
  }

  /** List the variables an unsaved template (or builder spec) needs, merged into existing declarations, with lint warnings. */
  @Post('variables')
  @HttpCode(200)
  @ApiProblems(400, 401)
  @RequirePermission('prompt:view')
  discoverTemplateVariables(@Body() body: TemplateVariablesDto): TemplateVariablesResponseDto {
    return this.builder.analyse(body);
  }
}
