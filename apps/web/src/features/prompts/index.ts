export { CreatePromptModal } from './components/CreatePromptModal';
export { usePrompts } from './hooks/use-prompts';
