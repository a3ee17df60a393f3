import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@promptops/shared';
import { DomainError } from '../common/problem/domain.error';
import { RenderingService, RenderSource } from '../templates/rendering.service';
import type { FlowContext } from './flow-scheduler';

/** `{{ expression }}` and nothing else: its value keeps its type. */
const SINGLE_EXPRESSION = /^\s*\{\{-?([\s\S]*?)-?\}\}\s*$/;

/**
 * Mappings, conditions and a flow's output, evaluated by the same sandboxed renderer as prompts
 * (time and size limits, strict undefined names), never by `eval`. A template that is exactly one
 * expression is rendered through `tojson` and parsed back, so an object stays an object.
 */
@Injectable()
export class FlowExpressions {
  constructor(private readonly rendering: RenderingService) {}

  /** A mapping or output template's value: text, or the expression's own value. */
  async value(template: string, context: FlowContext): Promise<unknown> {
    const single = SINGLE_EXPRESSION.exec(template);
    if (!single || /\{\{|\}\}|\{%|\{#/.test(single[1])) return this.render(template, context);
    const json = await this.render(`{{ (${single[1]}) | tojson }}`, context);
    try {
      return JSON.parse(json);
    } catch {
      throw new DomainError(
        422,
        ErrorCode.TEMPLATE_RENDER_ERROR,
        'Unprocessable Content',
        `${single[1].trim()} is not a JSON value`,
      );
    }
  }

  /** Jinja2 truthiness of an expression. */
  async test(expression: string, context: FlowContext): Promise<boolean> {
    return (await this.render(`{% if (${expression}) %}1{% endif %}`, context)) === '1';
  }

  private async render(template: string, context: FlowContext): Promise<string> {
    const source: RenderSource = { kind: 'text', template, messages: null, variablesMeta: [] };
    return (await this.rendering.render(source, { inputs: context.inputs, steps: context.steps })).text;
  }
}
