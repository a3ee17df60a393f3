import { ErrorCode } from '@promptops/shared';

/** Base of every error the templating library throws; `code` is a stable `ErrorCode`. */
export class TemplateError extends Error {
  /** For a chat prompt: the 0-based index of the message whose template failed. */
  public messageIndex?: number;

  constructor(
    public readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The template cannot be parsed (or uses a construct we refuse at compile time). Positions are 1-based. */
export class TemplateSyntaxError extends TemplateError {
  constructor(
    public readonly reason: string,
    public readonly line: number,
    public readonly column: number,
    public readonly lineText: string,
  ) {
    super(ErrorCode.TEMPLATE_SYNTAX_ERROR, `Syntax error at line ${line}, column ${column}: ${reason}`);
  }
}

/** Strict rendering: a variable (or attribute path such as `user.name`) has no value. */
export class UndefinedVariableError extends TemplateError {
  /** The template line the variable is used on, filled in by the renderer. */
  public lineText?: string;

  constructor(
    public readonly variable: string,
    public line?: number,
    public column?: number,
  ) {
    super(ErrorCode.MISSING_VARIABLE, `Missing variable: {{${variable}}}`);
  }
}

/** Any other failure while rendering (type errors, bad filter arguments, ...). */
export class TemplateRenderError extends TemplateError {
  /** The template line that failed, filled in by the renderer. */
  public lineText?: string;

  constructor(
    message: string,
    public line?: number,
    public column?: number,
  ) {
    super(ErrorCode.TEMPLATE_RENDER_ERROR, message);
  }
}

/** The template called `raise_exception(msg)`; `message` is the template's own text. */
export class TemplateRaisedError extends TemplateError {
  public line?: number;
  public column?: number;
  public lineText?: string;

  constructor(message: string) {
    super(ErrorCode.TEMPLATE_RAISED, message);
  }
}

export type TemplateLimitCode =
  | typeof ErrorCode.TEMPLATE_TIME_LIMIT
  | typeof ErrorCode.TEMPLATE_OUTPUT_LIMIT
  | typeof ErrorCode.TEMPLATE_RANGE_LIMIT
  | typeof ErrorCode.TEMPLATE_RECURSION_LIMIT;

/** A render went over a time, size, range or recursion budget. */
export class TemplateLimitError extends TemplateError {
  public line?: number;
  public column?: number;
  public lineText?: string;

  constructor(code: TemplateLimitCode, message: string) {
    super(code, message);
  }
}

/** The template tried to reach something outside its data (prototypes, functions, host objects). */
export class TemplateSecurityError extends TemplateError {
  public line?: number;
  public column?: number;
  public lineText?: string;

  constructor(message: string) {
    super(ErrorCode.TEMPLATE_SECURITY_VIOLATION, message);
  }
}
