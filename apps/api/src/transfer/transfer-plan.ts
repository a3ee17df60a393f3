import type { TransferAction } from '@promptops/shared';

/** A version as the import compares it: its number (absent on a hand-written one) and content hash. */
export interface HashedVersion {
  version?: number;
  hash: string;
}

export interface PlannedVersion {
  sourceVersion: number | null;
  /** The number it has, or will have, here. */
  version: number;
  action: Extract<TransferAction, 'created' | 'unchanged' | 'conflict'>;
  hash: string;
  reason?: string;
}

/**
 * What an import does with a prompt's versions (see TransferService for the rules in words).
 * Versions are only ever appended: a created or conflicting version takes the next number, so
 * the numbers planned here are the ones `VersionsService.insertVersion` gives, in this order.
 * `here` is the prompt's versions on this instance, null when the import creates the prompt.
 */
export function planVersions(bundle: HashedVersion[], here: HashedVersion[] | null): PlannedVersion[] {
  return here === null ? planNewPrompt(bundle) : planExistingPrompt(bundle, here);
}

/** Every version is created, numbered as in the bundle when those numbers are 1..n, else from 1 (and said so). */
function planNewPrompt(bundle: HashedVersion[]): PlannedVersion[] {
  const keepsNumbers = bundle.every((v, index) => v.version === undefined || v.version === index + 1);
  return bundle.map((v, index) => {
    const version = index + 1;
    const planned: PlannedVersion = { sourceVersion: v.version ?? null, version, action: 'created', hash: v.hash };
    if (!keepsNumbers && v.version !== undefined && v.version !== version) {
      planned.reason = `v${v.version} in the bundle; created as v${version} (the bundle's numbers are not 1..${bundle.length})`;
    }
    return planned;
  });
}

function planExistingPrompt(bundle: HashedVersion[], existing: HashedVersion[]): PlannedVersion[] {
  const here = existing.map((v) => ({ version: v.version!, hash: v.hash }));
  const next = () => Math.max(0, ...here.map((v) => v.version)) + 1;
  const append = (hash: string) => {
    const version = next();
    here.push({ version, hash });
    return version;
  };
  return bundle.map(({ version: source, hash }): PlannedVersion => {
    const latest = here.reduce<{ version: number; hash: string } | undefined>(
      (a, b) => (!a || b.version > a.version ? b : a),
      undefined,
    );
    if (source === undefined) {
      if (latest?.hash === hash) return { sourceVersion: null, version: latest.version, action: 'unchanged', hash };
      return { sourceVersion: null, version: append(hash), action: 'created', hash };
    }
    const sameNumber = here.find((v) => v.version === source);
    if (sameNumber?.hash === hash) return { sourceVersion: source, version: source, action: 'unchanged', hash };
    const sameContent = [...here].reverse().find((v) => v.hash === hash);
    if (sameContent) {
      return {
        sourceVersion: source,
        version: sameContent.version,
        action: 'unchanged',
        hash,
        reason: `same content as v${sameContent.version} here`,
      };
    }
    if (!sameNumber && source === next())
      return { sourceVersion: source, version: append(hash), action: 'created', hash };
    const version = append(hash);
    const why = sameNumber ? `v${source} here has other content` : `v${source} is not the next number here`;
    return { sourceVersion: source, version, action: 'conflict', hash, reason: `${why}; created as v${version}` };
  });
}
