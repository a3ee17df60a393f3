export { CreatePromptModal } from './components/CreatePromptModal';
export { usePrompts } from './hooks/use-prompts';
export { usePromptVersions } from './hooks/use-prompt-versions';
export { InvalidJson, JsonInput } from './components/JsonInput';
