import { createHash } from 'node:crypto';
import {
  canonicalVersionContent,
  isValidPromptName,
  TRANSFER_FORMAT,
  type ChatMessageTemplate,
  type FlowDefinition,
  type ModelConfig,
  type TransferBundle,
  type TransferDeployment,
  type TransferPrompt,
  type TransferVariableMeta,
  type TransferVersion,
  type VersionContent,
} from '@promptops/shared';
import { toPromptflowText } from '@promptops/templating';
import { parse, stringify } from 'yaml';
import { UsageError } from './errors';

/**
 * Prompts as files (docs/prompts-as-files.md, "Layout"): a folder per prompt with `prompt.yaml`
 * and each version's content in a file of its own, so a change to a template is a one-file diff.
 * Everything here is pure: a tree is a map of paths (relative, `/`-separated) to UTF-8 text.
 */
export type FileTree = Map<string, string>;

const PROMPT_FILE = 'prompt.yaml';

/** The files a pull writes into a prompt's folder, and so may replace there; others are the user's. */
export const LAYOUT_FILE = /^(prompt\.yaml|(v\d+|template)\.jinja|(v\d+\.)?messages\.yaml|(v\d+\.)?flow\.yaml)$/;

/** What `prompt.yaml` holds, in the order it is written. */
interface PromptFile {
  name: string;
  type: TransferPrompt['type'];
  displayName: string;
  description?: string | null;
  folder?: string | null;
  tags?: string[];
  /** Environment → version number. */
  deployments?: Record<string, number>;
  versions: VersionEntry[];
}

interface VersionEntry {
  /** Absent on a version added by hand. */
  version?: number;
  status?: TransferVersion['status'];
  kind?: TransferVersion['kind'];
  /** The content hash when pulled: content that no longer matches it is a local edit. */
  hash?: string;
  comment?: string | null;
  /** Exactly one of these names the file with the content. */
  template?: string;
  messages?: string;
  flow?: string;
  variables?: TransferVariableMeta[];
  modelConfig?: ModelConfig;
}

/** SHA-256 (hex) of a version's canonical content: the hash the server computes for the same content. */
export function versionHash(version: VersionContent): string {
  return createHash('sha256').update(canonicalVersionContent(version), 'utf8').digest('hex');
}

/**
 * What the versions API stores as a chat or flow version's template (its text for diffs and
 * search), so that a version read from files hashes as it does on the server.
 */
function derivedTemplate(kind: TransferVersion['kind'], version: Pick<TransferVersion, 'messages' | 'flow'>) {
  if (kind === 'chat') return toPromptflowText(version.messages ?? []);
  if (kind === 'flow') return JSON.stringify(version.flow ?? { steps: [], output: '' }, null, 2);
  return undefined;
}

const YAML_OPTIONS = { lineWidth: 0 } as const;

function yamlText(value: unknown): string {
  return stringify(value, YAML_OPTIONS);
}

/**
 * A template file is the template plus one newline, so that editors that end every file with a
 * newline change nothing; reading takes that one newline off again.
 */
function templateFileText(template: string): string {
  return `${template}\n`;
}

function templateFromFile(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** The bundle's prompts as files; with `latest`, only each prompt's newest version. */
export function bundleToFiles(bundle: TransferBundle, options: { latest?: boolean } = {}): FileTree {
  const files: FileTree = new Map();
  for (const prompt of [...bundle.prompts].sort((a, b) => a.name.localeCompare(b.name))) {
    // Names and numbers become paths: from a hostile or broken server they could point outside the folder.
    if (!isValidPromptName(prompt.name)) {
      throw new UsageError(`the server answered ${JSON.stringify(prompt.name)}, which is not a valid prompt name`);
    }
    const versions = options.latest ? prompt.versions.slice(-1) : prompt.versions;
    const entries = versions.map((version) => {
      if (!Number.isInteger(version.version) || (version.version as number) < 1) {
        throw new UsageError(
          `the server answered ${JSON.stringify(version.version)} for a version of "${prompt.name}", which is not a version number`,
        );
      }
      const stem = options.latest ? '' : `v${version.version}.`;
      const entry: VersionEntry = {
        version: version.version,
        status: version.status,
        kind: version.kind,
        hash: version.hash ?? versionHash(version),
        comment: version.comment ?? undefined,
      };
      if (version.kind === 'chat') {
        entry.messages = `${stem}messages.yaml`;
        files.set(`${prompt.name}/${entry.messages}`, yamlText(version.messages ?? []));
      } else if (version.kind === 'flow') {
        entry.flow = `${stem}flow.yaml`;
        files.set(`${prompt.name}/${entry.flow}`, yamlText(version.flow ?? null));
      } else {
        entry.template = options.latest ? 'template.jinja' : `v${version.version}.jinja`;
        files.set(`${prompt.name}/${entry.template}`, templateFileText(version.template));
      }
      entry.variables = version.variablesMeta;
      entry.modelConfig = version.modelConfig;
      return entry;
    });
    const file: PromptFile = {
      name: prompt.name,
      type: prompt.type,
      displayName: prompt.displayName,
      description: prompt.description ?? undefined,
      folder: prompt.folder ?? undefined,
      tags: prompt.tags?.length ? prompt.tags : undefined,
      deployments: prompt.deployments?.length ? deploymentMap(prompt.deployments) : undefined,
      versions: entries,
    };
    files.set(`${prompt.name}/${PROMPT_FILE}`, yamlText(file));
  }
  return files;
}

function deploymentMap(deployments: TransferDeployment[]): Record<string, number> {
  const sorted = [...deployments].sort((a, b) => a.environment.localeCompare(b.environment));
  return Object.fromEntries(sorted.map((d) => [d.environment, d.version]));
}

/** A version read back from files, and whether its content differs from what was pulled. */
export interface LocalVersion {
  prompt: string;
  version: TransferVersion;
  /** The number it was pulled as, when its content changed since (it is pushed as a new version). */
  editedFrom?: number;
}

/**
 * Reads a layout back into a bundle. A version whose content no longer has the hash it was
 * pulled with loses its number: the import creates it as the next version (or finds the latest
 * already holds it), and never touches the numbered original.
 */
export function filesToBundle(files: FileTree): { bundle: TransferBundle; versions: LocalVersion[] } {
  const prompts: TransferPrompt[] = [];
  const locals: LocalVersion[] = [];
  const folders = [...files.keys()]
    .filter((path) => path.endsWith(`/${PROMPT_FILE}`) || path === PROMPT_FILE)
    .map((path) => path.slice(0, -PROMPT_FILE.length))
    .sort();
  for (const folder of folders) {
    const where = `${folder}${PROMPT_FILE}`;
    const file = parseYaml<PromptFile>(files.get(where) as string, where);
    if (!file || typeof file.name !== 'string' || !Array.isArray(file.versions)) {
      throw new UsageError(`${where}: needs a name and a list of versions`);
    }
    const read = (name: string) => {
      const text = files.get(`${folder}${name}`);
      if (text === undefined) throw new UsageError(`${where}: ${name} is missing`);
      return text;
    };
    const versions = file.versions.map((entry, index) => {
      const version = readVersion(entry, read, `${where} versions[${index}]`);
      const changed = entry.hash !== undefined && versionHash(version) !== entry.hash;
      if (changed || entry.version === undefined) {
        const edited: TransferVersion = { ...version, status: 'draft' };
        delete edited.version;
        locals.push({ prompt: file.name, version: edited, editedFrom: changed ? entry.version : undefined });
        return edited;
      }
      return { ...version, hash: entry.hash };
    });
    prompts.push({
      name: file.name,
      type: file.type ?? 'prompt',
      displayName: file.displayName ?? file.name,
      description: file.description ?? null,
      folder: file.folder ?? null,
      tags: file.tags ?? [],
      versions,
      deployments: Object.entries(file.deployments ?? {}).map(([environment, version]) => ({ environment, version })),
    });
  }
  return { bundle: { format: TRANSFER_FORMAT, prompts }, versions: locals };
}

function readVersion(entry: VersionEntry, read: (name: string) => string, where: string): TransferVersion {
  const kind = entry.kind ?? (entry.messages ? 'chat' : entry.flow ? 'flow' : 'text');
  const version: TransferVersion = {
    version: entry.version,
    status: entry.status ?? 'draft',
    kind,
    template: '',
    variablesMeta: entry.variables ?? [],
    modelConfig: entry.modelConfig ?? {},
    comment: entry.comment ?? null,
  };
  if (kind === 'chat') {
    if (!entry.messages) throw new UsageError(`${where}: a chat version names its messages file`);
    version.messages = parseYaml<ChatMessageTemplate[]>(read(entry.messages), entry.messages) ?? [];
  } else if (kind === 'flow') {
    if (!entry.flow) throw new UsageError(`${where}: a flow version names its flow file`);
    version.flow = parseYaml<FlowDefinition>(read(entry.flow), entry.flow);
  } else {
    if (!entry.template) throw new UsageError(`${where}: a text version names its template file`);
    version.template = templateFromFile(read(entry.template));
  }
  version.template = derivedTemplate(kind, version) ?? version.template;
  if (version.version === undefined) delete version.version;
  return version;
}

function parseYaml<T>(text: string, where: string): T {
  try {
    return parse(text) as T;
  } catch (error) {
    throw new UsageError(`${where}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
}
