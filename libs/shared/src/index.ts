export * from './error-codes';
export * from './enums';
export * from './model-prices';
export * from './pagination';
export * from './prompt-name';
