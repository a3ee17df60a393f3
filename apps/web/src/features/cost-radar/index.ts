export { CostRadar } from './components/CostRadar';
export { CostTag } from './components/CostTag';
export { TokenTag } from './components/TokenTag';
export { usePromptTokens, type RenderedPromptInput } from './hooks/use-prompt-tokens';
export { radarRow, type RadarRow } from './radar-rows';
