/**
 * Monaco from our own bundle, never from a CDN: the console must work on machines without internet.
 * Only the core editor is bundled (no TypeScript/CSS/HTML language services); Jinja is ours.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/esm/vs/editor/edcore.main';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import { registerJinja } from './jinja-language';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
registerJinja(monaco);
loader.config({ monaco });

export { monaco };
