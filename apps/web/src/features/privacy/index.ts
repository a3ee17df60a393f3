export { PromptPrivacyTab } from './components/PromptPrivacyTab';
export { RedactionNotice } from './components/RedactionNotice';
export { PrivacyPage } from './pages/PrivacyPage';
