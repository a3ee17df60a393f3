export { DeprecationBanner } from './components/DeprecationBanner';
export { DeprecationTag } from './components/DeprecationTag';
export { RetirementTab } from './components/RetirementTab';
