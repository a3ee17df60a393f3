import { ErrorCode, FlowIssue } from '@promptops/shared';
import { BadRequestError, NotFoundError } from '../common/problem/domain.error';

export class FlowNotFoundError extends NotFoundError {
  constructor(name: string, isPrompt = false) {
    super(
      ErrorCode.FLOW_NOT_FOUND,
      isPrompt
        ? `"${name}" is a prompt, not a flow: read it with GET /api/v1/prompts/${name}`
        : `Flow "${name}" does not exist`,
    );
  }
}

/** A definition that cannot be saved: `detail` names the steps, `errors` point at fields, `issues` lists them all. */
export class FlowInvalidError extends BadRequestError {
  constructor(issues: FlowIssue[]) {
    const steps = [...new Set(issues.flatMap((issue) => issue.steps))];
    const detail =
      (steps.length
        ? `The flow's steps ${steps.map((id) => `"${id}"`).join(', ')} have problems: `
        : 'The flow has problems: ') + issues.map((issue) => issue.message).join('; ');
    super(
      ErrorCode.FLOW_INVALID,
      detail,
      issues.map((issue) => ({ field: fieldOf(issue), message: issue.message })),
      { issues },
    );
  }
}

function fieldOf(issue: FlowIssue): string {
  if (issue.steps.length === 0) return issue.field === 'output' ? 'definition.output' : 'definition.steps';
  return `definition.steps.${issue.steps[0]}${issue.field ? `.${issue.field}` : ''}`;
}
