import type * as Monaco from 'monaco-editor';

export const JINJA_LANGUAGE = 'jinja';

const keywords = [
  'if',
  'elif',
  'else',
  'endif',
  'for',
  'endfor',
  'in',
  'not',
  'and',
  'or',
  'is',
  'set',
  'endset',
  'macro',
  'endmacro',
  'call',
  'endcall',
  'filter',
  'endfilter',
  'raw',
  'endraw',
  'with',
  'endwith',
  'block',
  'endblock',
  'true',
  'false',
  'none',
  'True',
  'False',
  'None',
  'recursive',
];

/** Monarch grammar: plain text outside, expressions inside `{{ }}` and `{% %}`, comments in `{# #}`. */
const grammar: Monaco.languages.IMonarchLanguage = {
  keywords,
  tokenizer: {
    root: [
      [/\{#/, 'comment', '@comment'],
      [/\{%-?\s*raw\s*-?%\}/, 'delimiter.tag', '@raw'],
      [/\{\{-?/, 'delimiter.expression', '@expression'],
      [/\{%-?/, 'delimiter.tag', '@statement'],
      [/[^{]+/, ''],
      [/\{/, ''],
    ],
    comment: [
      [/#\}/, 'comment', '@pop'],
      [/[^#]+/, 'comment'],
      [/#/, 'comment'],
    ],
    raw: [
      [/\{%-?\s*endraw\s*-?%\}/, 'delimiter.tag', '@pop'],
      [/[^{]+/, ''],
      [/\{/, ''],
    ],
    expression: [[/-?\}\}/, 'delimiter.expression', '@pop'], { include: '@code' }],
    statement: [[/-?%\}/, 'delimiter.tag', '@pop'], { include: '@code' }],
    code: [
      [/\s+/, ''],
      [/(\|)(\s*)([a-zA-Z_]\w*)/, ['operator', '', 'predefined']],
      [/[a-zA-Z_]\w*/, { cases: { '@keywords': 'keyword', '@default': 'variable' } }],
      [/\d+(\.\d+)?/, 'number'],
      [/"([^"\\]|\\.)*"/, 'string'],
      [/'([^'\\]|\\.)*'/, 'string'],
      [/[()[\]{},.:]/, 'delimiter'],
      [/[=<>!+\-*/%~]+/, 'operator'],
    ],
  },
};

export function registerJinja(monaco: typeof Monaco): void {
  if (monaco.languages.getLanguages().some((language) => language.id === JINJA_LANGUAGE)) return;
  monaco.languages.register({ id: JINJA_LANGUAGE, aliases: ['Jinja', 'jinja2'] });
  monaco.languages.setMonarchTokensProvider(JINJA_LANGUAGE, grammar);
  monaco.languages.setLanguageConfiguration(JINJA_LANGUAGE, {
    comments: { blockComment: ['{#', '#}'] },
    brackets: [
      ['{{', '}}'],
      ['{%', '%}'],
      ['(', ')'],
      ['[', ']'],
    ],
    autoClosingPairs: [
      { open: '(', close: ')' },
      { open: '[', close: ']' },
      { open: '"', close: '"', notIn: ['string'] },
    ],
    surroundingPairs: [
      { open: '(', close: ')' },
      { open: '[', close: ']' },
      { open: '"', close: '"' },
    ],
  });
  monaco.editor.defineTheme('promptops', {
    base: 'vs',
    inherit: true,
    rules: [
      { token: 'delimiter.expression', foreground: '4f46e5', fontStyle: 'bold' },
      { token: 'delimiter.tag', foreground: 'b45309', fontStyle: 'bold' },
      { token: 'variable', foreground: '0f766e' },
      { token: 'keyword', foreground: 'b45309' },
      { token: 'predefined', foreground: '7c3aed' },
      { token: 'comment', foreground: '94a3b8', fontStyle: 'italic' },
      { token: 'string', foreground: 'be123c' },
      { token: 'number', foreground: '0369a1' },
    ],
    colors: { 'editor.lineHighlightBackground': '#f8fafc' },
  });
}
