export {
  type JsonSchemaValidator,
  type LintCode,
  type LintOptions,
  type LintSeverity,
  type LintWarning,
  LINT_CODES,
  checkJsonSchemaShape,
  contextWindowWarning,
  lintBuilderSpec,
  lintTemplate,
} from './lint';
