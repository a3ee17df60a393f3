export {
  type BuilderDatasetRef,
  type BuilderExample,
  type BuilderOutputFormat,
  type BuilderProfile,
  type BuilderSpec,
  BUILDER_PROFILES,
  BUILDER_SPEC_FIELDS,
  emptyBuilderSpec,
} from './spec';
export { type BuilderMessage, type CompiledBuilderSpec, compileBuilderSpec, jinjaLiteral } from './compile';
