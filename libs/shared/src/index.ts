export * from './error-codes';
export * from './enums';
export * from './pagination';
export * from './prompt-name';
