import type { VersionSummaryDto } from '@promptops/api-client';
import { Select } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { useEnvironments } from '../../environments';
import { usePromptVersions } from '../../prompts';
import { environmentTarget, type VariantTarget } from '../experiment-form';

interface VariantTargetSelectProps {
  prompt: string | undefined;
  value?: VariantTarget;
  onChange?(value: VariantTarget): void;
  id?: string;
  ariaLabel: string;
}

/** A version of the variant's prompt, or what an environment serves (pinned at start); empty = the latest. */
export function VariantTargetSelect({ prompt, ...props }: VariantTargetSelectProps) {
  if (!prompt) return <TargetSelect {...props} versions={[]} disabled />;
  return <PromptTargetSelect prompt={prompt} {...props} />;
}

function PromptTargetSelect({ prompt, ...props }: Omit<VariantTargetSelectProps, 'prompt'> & { prompt: string }) {
  const versions = usePromptVersions(prompt);
  return <TargetSelect {...props} versions={versions.data?.items ?? []} loading={versions.isPending} />;
}

interface TargetSelectProps extends Omit<VariantTargetSelectProps, 'prompt'> {
  versions: VersionSummaryDto[];
  loading?: boolean;
  disabled?: boolean;
}

function TargetSelect({ value, onChange, id, ariaLabel, versions, loading, disabled }: TargetSelectProps) {
  const { t } = useI18n();
  const environments = useEnvironments();
  return (
    <Select<VariantTarget>
      id={id}
      aria-label={ariaLabel}
      value={value}
      onChange={(next) => onChange?.(next)}
      allowClear
      disabled={disabled}
      loading={loading}
      placeholder={t('experiments.form.latestVersion')}
      popupMatchSelectWidth={false}
      options={[
        {
          label: t('experiments.form.versions'),
          options: versions.map((v) => ({
            value: v.version,
            label: [`v${v.version}`, t(`versionStatus.${v.status}`), v.isLatest ? t('version.latest') : null]
              .filter(Boolean)
              .join(' · '),
          })),
        },
        {
          label: t('experiments.form.environments'),
          options: (environments.data ?? []).map((e) => ({
            value: environmentTarget(e.name),
            label: t('experiments.form.whatServes', { environment: e.name }),
          })),
        },
      ]}
    />
  );
}
