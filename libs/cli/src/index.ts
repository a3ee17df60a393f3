export { main } from './cli';
export type { CliIo } from './io';
export { bundleToFiles, filesToBundle, versionHash, type FileTree } from './layout';
