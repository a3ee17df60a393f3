import type { ImportReport } from '@promptops/shared';
import { importReportLines } from './report';

const report = (overrides: Partial<ImportReport> = {}): ImportReport => ({
  dryRun: false,
  changed: true,
  prompts: [
    {
      name: 'support-reply',
      action: 'updated',
      versions: [
        { sourceVersion: 1, version: 1, action: 'unchanged', hash: 'a' },
        { sourceVersion: 2, version: 2, action: 'unchanged', hash: 'b' },
        { sourceVersion: null, version: 3, action: 'created', hash: 'c' },
      ],
      deployments: [{ environment: 'prod', version: 2, action: 'unchanged' }],
    },
    {
      name: 'triage',
      action: 'updated',
      versions: [
        {
          sourceVersion: 3,
          version: 5,
          action: 'conflict',
          hash: 'd',
          reason: 'v3 here has other content; created as v5',
        },
      ],
      deployments: [{ environment: 'staging', version: 5, action: 'updated' }],
    },
    {
      name: 'poem',
      action: 'unchanged',
      versions: [{ sourceVersion: 1, version: 1, action: 'unchanged', hash: 'e' }],
      deployments: [],
    },
  ],
  environments: [{ name: 'qa', action: 'created' }],
  providers: [{ name: 'openai', action: 'created', needsApiKey: true }],
  datasets: [],
  totals: {
    promptsCreated: 0,
    versionsCreated: 2,
    versionsPublished: 0,
    versionsUnchanged: 3,
    conflicts: 1,
    deploymentsApplied: 1,
  },
  ...overrides,
});

describe('the import report as text', () => {
  it('says per prompt what happened to each version, why for conflicts, and what a deployment did', () => {
    expect(importReportLines(report())).toEqual([
      'support-reply: updated — unchanged v1, v2; created v3 (local edit)',
      'triage: updated — conflict v3 as v5\n  conflict: v3 here has other content; created as v5\n  staging → v5: updated',
      'poem: unchanged v1',
      'provider openai: created without its API key: add one in the console',
      'environment qa: created',
      '2 version(s) created, 3 unchanged, 1 conflict(s), 0 new prompt(s), 1 deployment(s) applied',
    ]);
  });

  it('says when nothing changed, and that a dry run wrote nothing', () => {
    expect(importReportLines(report({ changed: false })).at(-1)).toMatch(/^nothing changed: /);
    expect(importReportLines(report({ dryRun: true })).at(-1)).toMatch(/^dry run, nothing written: /);
  });
});
