import { TRANSFER_FORMAT, type TransferBundle, type TransferPrompt, type TransferVersion } from '@promptops/shared';
import { toPromptflowText } from '@promptops/templating';
import { bundleToFiles, filesToBundle, LAYOUT_FILE, versionHash } from './layout';

/** A version as the export writes it: with the server's hash of its content. */
function exported(version: Omit<TransferVersion, 'hash'>): TransferVersion {
  return { ...version, hash: versionHash(version) };
}

const text = (version: number, template: string, extra: Partial<TransferVersion> = {}): TransferVersion =>
  exported({
    version,
    status: 'published',
    kind: 'text',
    template,
    variablesMeta: [{ name: 'customer', type: 'string', required: true, description: '客户的名字' }],
    modelConfig: { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.2 },
    comment: `v${version}`,
    ...extra,
  });

const messages = [
  { role: 'system' as const, template: 'Tu es un assistant 🤖 poli.\nRéponds en 中文 si on te parle 中文.\n' },
  { role: 'user' as const, template: '{{ question }}' },
  { role: 'assistant' as const, template: '  indented\ntrailing spaces  \n# not a comment\n---\nend' },
];

const support: TransferPrompt = {
  name: 'support-reply',
  type: 'prompt',
  displayName: 'Support reply',
  description: 'Answers a customer',
  folder: 'support',
  tags: ['support', 'email'],
  versions: [
    text(1, 'Hello {{ customer }}'),
    text(2, 'Hello {{ customer }},\n\nThanks for writing. 🙏\n'),
    text(3, 'Bonjour {{ customer }} — 你好!', { status: 'draft', comment: null }),
  ],
  deployments: [
    { environment: 'staging', version: 3 },
    { environment: 'prod', version: 2 },
  ],
};

const chat: TransferPrompt = {
  name: 'triage',
  type: 'prompt',
  displayName: 'Triage',
  versions: [
    exported({
      version: 1,
      status: 'draft',
      kind: 'chat',
      template: toPromptflowText(messages),
      messages,
      variablesMeta: [{ name: 'question', type: 'string', required: true }],
      modelConfig: {},
    }),
  ],
};

const flow: TransferPrompt = {
  name: 'pipeline',
  type: 'flow',
  displayName: 'Pipeline',
  versions: [
    exported({
      version: 1,
      status: 'published',
      kind: 'flow',
      template: JSON.stringify({ steps: [{ id: 'a', prompt: 'triage' }], output: '{{ steps.a.output }}' }, null, 2),
      flow: { steps: [{ id: 'a', prompt: 'triage' }], output: '{{ steps.a.output }}' } as never,
      variablesMeta: [],
      modelConfig: {},
    }),
  ],
};

const bundle: TransferBundle = { format: TRANSFER_FORMAT, prompts: [support, chat, flow] };

const sortedHashes = (b: TransferBundle) =>
  b.prompts.flatMap((p) => p.versions.map((v) => `${p.name}@${v.version}:${versionHash(v)}`)).sort();

describe('prompts as files', () => {
  it('writes a folder per prompt with prompt.yaml and one file per version', () => {
    const files = bundleToFiles(bundle);
    expect([...files.keys()].sort()).toEqual([
      'pipeline/prompt.yaml',
      'pipeline/v1.flow.yaml',
      'support-reply/prompt.yaml',
      'support-reply/v1.jinja',
      'support-reply/v2.jinja',
      'support-reply/v3.jinja',
      'triage/prompt.yaml',
      'triage/v1.messages.yaml',
    ]);
    for (const [path, content] of files) {
      expect(content.endsWith('\n')).toBe(true);
      expect(LAYOUT_FILE.test(path.split('/')[1])).toBe(true);
    }
    expect(files.get('support-reply/v3.jinja')).toBe('Bonjour {{ customer }} — 你好!\n');
    // A template that ends with a newline keeps it: the file has one more.
    expect(files.get('support-reply/v2.jinja')).toBe('Hello {{ customer }},\n\nThanks for writing. 🙏\n\n');
  });

  it('writes prompt.yaml in a fixed key order, deployments sorted, with each version naming its file', () => {
    const yaml = bundleToFiles(bundle).get('support-reply/prompt.yaml') as string;
    expect(yaml).toMatch(
      /^name: support-reply\ntype: prompt\ndisplayName: Support reply\ndescription: Answers a customer\nfolder: support\ntags:\n {2}- support\n {2}- email\ndeployments:\n {2}prod: 2\n {2}staging: 3\nversions:\n {2}- version: 1\n {4}status: published\n {4}kind: text\n {4}hash: [0-9a-f]{64}\n {4}comment: v1\n {4}template: v1.jinja\n {4}variables:\n/,
    );
    expect(yaml).toContain('description: 客户的名字');
    // A version without a comment has no comment line rather than `comment: null`.
    expect(yaml).not.toContain('null');
  });

  it('writes chat messages as YAML block scalars, so a multi-line message diffs line by line', () => {
    const yaml = bundleToFiles(bundle).get('triage/v1.messages.yaml') as string;
    expect(yaml).toContain(
      '- role: system\n  template: |\n    Tu es un assistant 🤖 poli.\n    Réponds en 中文 si on te parle 中文.\n',
    );
    expect(yaml).toContain('  template: "{{ question }}"\n');
  });

  it('reads the files back into the same bundle: every version keeps its number and hash', () => {
    const { bundle: read, versions: edited } = filesToBundle(bundleToFiles(bundle));
    expect(edited).toEqual([]);
    expect(sortedHashes(read)).toEqual(sortedHashes(bundle));
    expect(read.prompts.flatMap((p) => p.versions.map((v) => v.hash))).toEqual(
      read.prompts.flatMap((p) => p.versions.map((v) => versionHash(v))),
    );
    const readSupport = read.prompts.find((p) => p.name === 'support-reply') as TransferPrompt;
    expect(readSupport).toMatchObject({
      displayName: 'Support reply',
      description: 'Answers a customer',
      folder: 'support',
      tags: ['support', 'email'],
      deployments: [
        { environment: 'prod', version: 2 },
        { environment: 'staging', version: 3 },
      ],
    });
    expect(readSupport.versions.map((v) => [v.version, v.status, v.comment])).toEqual([
      [1, 'published', 'v1'],
      [2, 'published', 'v2'],
      [3, 'draft', null],
    ]);
    const readChat = read.prompts.find((p) => p.name === 'triage') as TransferPrompt;
    expect(readChat.versions[0].messages).toEqual(messages);
    expect(read.prompts.find((p) => p.name === 'pipeline')?.versions[0].flow).toEqual(flow.versions[0].flow);
  });

  it('turns an edited template into one unnumbered draft and leaves the other versions as they were', () => {
    const files = bundleToFiles(bundle);
    files.set('support-reply/v3.jinja', 'Bonjour {{ customer }} — 你好! 👋\n');
    const { bundle: read, versions: edited } = filesToBundle(files);
    expect(edited).toHaveLength(1);
    expect(edited[0]).toMatchObject({ prompt: 'support-reply', editedFrom: 3 });
    const versions = (read.prompts.find((p) => p.name === 'support-reply') as TransferPrompt).versions;
    expect(versions.map((v) => v.version)).toEqual([1, 2, undefined]);
    expect(versions[2]).toMatchObject({ status: 'draft', template: 'Bonjour {{ customer }} — 你好! 👋' });
    expect(versions[2].hash).toBeUndefined();
  });

  it('treats an edited chat message as content, and an edited comment as not', () => {
    const files = bundleToFiles(bundle);
    files.set('triage/v1.messages.yaml', (files.get('triage/v1.messages.yaml') as string).replace('poli', 'très poli'));
    files.set(
      'support-reply/prompt.yaml',
      (files.get('support-reply/prompt.yaml') as string).replace('comment: v1', 'comment: first'),
    );
    const { versions: edited } = filesToBundle(files);
    expect(edited.map((e) => `${e.prompt}@${e.editedFrom}`)).toEqual(['triage@1']);
    expect(edited[0].version.template).toBe(toPromptflowText(edited[0].version.messages ?? []));
  });

  it('with latest, writes only the newest version as template.jinja, and reads an edit of it as a new version', () => {
    const files = bundleToFiles({ format: TRANSFER_FORMAT, prompts: [support, chat] }, { latest: true });
    expect([...files.keys()].sort()).toEqual([
      'support-reply/prompt.yaml',
      'support-reply/template.jinja',
      'triage/messages.yaml',
      'triage/prompt.yaml',
    ]);
    expect(filesToBundle(files).versions).toEqual([]);
    files.set('support-reply/template.jinja', 'Hi {{ customer }}\n');
    const { versions: edited } = filesToBundle(files);
    expect(edited).toHaveLength(1);
    expect(edited[0]).toMatchObject({ editedFrom: 3, version: { template: 'Hi {{ customer }}', kind: 'text' } });
  });

  it('takes a template file saved without its final newline as the same template', () => {
    const files = bundleToFiles(bundle);
    files.set('support-reply/v1.jinja', 'Hello {{ customer }}');
    expect(filesToBundle(files).versions).toEqual([]);
  });

  it('says which file is missing or does not parse', () => {
    const missing = bundleToFiles(bundle);
    missing.delete('support-reply/v2.jinja');
    expect(() => filesToBundle(missing)).toThrow('support-reply/prompt.yaml: v2.jinja is missing');
    const broken = bundleToFiles(bundle);
    broken.set('triage/v1.messages.yaml', '- role: [unclosed');
    expect(() => filesToBundle(broken)).toThrow(/v1\.messages\.yaml: not valid YAML/);
  });

  it('refuses a name or version number from the server that would write outside the output folder', () => {
    const hostile = (change: Partial<TransferPrompt>, version: Partial<TransferVersion> = {}): TransferBundle => ({
      format: TRANSFER_FORMAT,
      prompts: [{ ...support, ...change, versions: [{ ...support.versions[0], ...version }] }],
    });
    expect(() => bundleToFiles(hostile({ name: '../../.ssh' }))).toThrow(
      '"../../.ssh", which is not a valid prompt name',
    );
    expect(() => bundleToFiles(hostile({ name: '/etc' }))).toThrow('is not a valid prompt name');
    const number = '1/../../../escape' as unknown as number;
    expect(() => bundleToFiles(hostile({}, { version: number }))).toThrow('is not a version number');
  });
});
