import { Injectable } from '@nestjs/common';
import Ajv2020 from 'ajv/dist/2020';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json';
import {
  approximateTokens,
  countPromptTokens,
  ErrorCode,
  findModelContextWindow,
  tokenizerFor,
  type TextTokenCounter,
} from '@promptops/shared';
import { countTokens as countO200k } from 'gpt-tokenizer/cjs/encoding/o200k_base';
import { countTokens as countCl100k } from 'gpt-tokenizer/cjs/encoding/cl100k_base';
import {
  type BuilderMessage,
  type BuilderSpec,
  type LintWarning,
  type VariableMeta,
  LINT_CODES,
  compileBuilderSpec,
  contextWindowWarning,
  extractVariables,
  lintBuilderSpec,
  lintTemplate,
  mergeVariablesMeta,
} from '@promptops/templating';
import { TemplateVariablesDto, TemplateVariablesResponseDto } from './dto/render.dto';
import { BadRequestError } from '../common/problem/domain.error';
import { RenderingService } from './rendering.service';

/** A builder spec the server refuses to compile (an invalid output JSON Schema). */
export class BuilderSpecInvalidError extends BadRequestError {
  constructor(field: string, message: string) {
    super(ErrorCode.BUILDER_SPEC_INVALID, `builderSpec.${field}: ${message}`, [
      { field: `builderSpec.${field}`, message },
    ]);
  }
}

/** What a builder version stores besides its spec: the compiled content and the declarations. */
export interface CompiledVersionContent {
  template?: string;
  messages?: BuilderMessage[];
  variablesMeta: VariableMeta[];
}

/**
 * Builder mode on the server: compiles specs into version content with the same pure function
 * the console previews with, and lints templates and specs (JSON Schemas against ajv's meta-schemas).
 */
@Injectable()
export class BuilderService {
  // Schemas are checked against their meta-schema only; strict off so vendor keywords pass.
  private readonly ajv = (() => {
    const ajv = new Ajv2020({ strict: false, validateSchema: false });
    ajv.addMetaSchema(draft07);
    return ajv;
  })();

  constructor(private readonly rendering: RenderingService) {}

  /** Problems of a JSON Schema against the meta-schema its `$schema` names (2020-12 by default). */
  readonly validateJsonSchema = (schema: unknown): string[] => {
    if (typeof schema === 'boolean') return [];
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return ['must be an object'];
    let valid: boolean;
    try {
      valid = this.ajv.validateSchema(schema as Record<string, unknown>) as boolean;
    } catch (error) {
      return [error instanceof Error ? error.message : String(error)];
    }
    if (valid) return [];
    return (this.ajv.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`.trim());
  };

  /**
   * The variables endpoint: discovered variables merged into the declarations, and lint warnings
   * for the template (or the builder spec, whose fields are linted one by one).
   */
  analyse(body: TemplateVariablesDto): TemplateVariablesResponseDto {
    if (body.builderSpec) {
      const spec = body.builderSpec as BuilderSpec;
      const warnings = this.lintSpec(spec);
      // A field that does not parse is reported as a warning; there is nothing to discover then.
      const compiled = warnings.some((w) => w.code === LINT_CODES.TEMPLATE_SYNTAX_ERROR)
        ? null
        : compileBuilderSpec(spec, { kind: 'text' }).template;
      const variables = compiled === null ? [] : extractVariables(compiled);
      if (body.model && compiled !== null) this.lintContextWindow(compiled, body.model, warnings);
      return {
        variables,
        variablesMeta: mergeVariablesMeta(body.variablesMeta ?? spec.variables, variables),
        warnings,
      };
    }
    const variables = this.rendering.discoverUnsaved(body);
    const declared = body.variablesMeta;
    const warnings = lintTemplate(body.messages ?? body.template ?? '', declared ?? []).filter(
      (w) =>
        declared !== undefined || (w.code !== LINT_CODES.UNDECLARED_VARIABLE && w.code !== LINT_CODES.UNUSED_VARIABLE),
    );
    if (body.model) {
      const prompt = body.messages?.map((m) => ({ role: m.role, content: m.template })) ?? body.template ?? '';
      this.lintContextWindow(prompt, body.model, warnings);
    }
    return { variables, variablesMeta: mergeVariablesMeta(declared ?? [], variables), warnings };
  }

  /**
   * `context_window_exceeded` for a model whose window is known, counted with the model's
   * tokenizer where it is an OpenAI encoding (else the documented approximation), on the
   * template itself: filled-in variables only add to it.
   */
  private lintContextWindow(
    prompt: string | readonly { role: string; content: string }[],
    model: string,
    warnings: LintWarning[],
  ): void {
    const contextWindow = findModelContextWindow(model);
    if (contextWindow === undefined) return;
    const kind = tokenizerFor(model);
    const count: TextTokenCounter =
      kind === 'o200k_base' ? countO200k : kind === 'cl100k_base' ? countCl100k : approximateTokens;
    const warning = contextWindowWarning({
      promptTokens: countPromptTokens(prompt, count),
      contextWindow,
      model,
      approximate: kind === 'approximate',
    });
    if (warning) warnings.push(warning);
  }

  lintSpec(spec: BuilderSpec): LintWarning[] {
    return lintBuilderSpec(spec, { validateJsonSchema: this.validateJsonSchema });
  }

  /**
   * The content of a builder version of `kind`: refuses an invalid output schema, declarations
   * that do not fit their types, and fields that are not valid Jinja2.
   */
  compileForVersion(kind: 'text' | 'chat', spec: BuilderSpec): CompiledVersionContent {
    if (spec.outputFormat.kind === 'json_schema') {
      const problems = this.validateJsonSchema(spec.outputFormat.schema);
      if (problems.length) throw new BuilderSpecInvalidError('outputFormat.schema', problems.join('; '));
    }
    this.rendering.assertValidMeta(spec.variables);
    const compiled = compileBuilderSpec(spec, { kind });
    if (compiled.kind === 'chat') {
      this.rendering.assertValidContent('chat', undefined, compiled.messages);
      return { messages: compiled.messages, variablesMeta: spec.variables };
    }
    this.rendering.assertValidContent('text', compiled.template, undefined);
    return { template: compiled.template, variablesMeta: spec.variables };
  }
}
