import type { ComparisonDto } from '@promptops/api-client';
import { Alert, Button, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { formatPValue, verdictText, verdictTone } from '../experiment-format';

interface VerdictBannersProps {
  comparisons: ComparisonDto[];
  labels: string[];
  /** While it still runs, verdicts may change. */
  provisional: boolean;
  /** The scorer the page looks at: its verdicts come first, the others on request. */
  scorer: string | undefined;
}

/** One banner per comparison: green when the candidate is better, red when worse, grey otherwise. */
export function VerdictBanners({ comparisons, labels, provisional, scorer }: VerdictBannersProps) {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  if (comparisons.length === 0) return null;
  const focused = comparisons.filter((c) => c.scorer === (scorer ?? comparisons[0].scorer));
  const others = comparisons.length - focused.length;
  const shown = all || focused.length === 0 ? comparisons : focused;
  return (
    <div className="verdicts" data-testid="verdicts">
      {shown.map((c) => {
        const tone = verdictTone(c);
        return (
          <Alert
            key={`${c.candidate}-${c.baseline}-${c.scorer}`}
            type={tone}
            showIcon
            className={`verdict verdict--${c.verdict}`}
            data-testid="verdict"
            data-verdict={c.verdict}
            message={verdictText(c, labels, t)}
            description={<VerdictDetails comparison={c} provisional={provisional} />}
          />
        );
      })}
      {others > 0 && focused.length > 0 && (
        <Button type="link" size="small" className="verdicts__toggle" onClick={() => setAll(!all)}>
          {all
            ? t('experiments.verdict.onlyScorer', { scorer: focused[0].scorer })
            : t('experiments.verdict.showAll', { count: others })}
        </Button>
      )}
    </div>
  );
}

function VerdictDetails({ comparison: c, provisional }: { comparison: ComparisonDto; provisional: boolean }) {
  const { t } = useI18n();
  const facts: string[] = [];
  if (c.verdict === 'insufficient_data') {
    // While results still come in, the missing items are on their way: nothing to fix yet.
    if (!provisional) {
      facts.push(
        c.reason === 'no_differences'
          ? t('experiments.verdict.noDifferencesHelp')
          : t('experiments.verdict.tooFewItemsHelp', { pairs: c.pairs, minItems: c.minItems }),
      );
    }
  } else {
    facts.push(
      t('experiments.verdict.decidedBy', {
        test: c.decidedBy === 'wilcoxon' ? t('experiments.test.wilcoxon') : t('experiments.test.tTest'),
        pairs: c.pairs,
      }),
    );
    if (c.mcnemar.pValue !== null) {
      facts.push(
        t('experiments.verdict.mcnemar', { b: c.mcnemar.b, c: c.mcnemar.c, p: formatPValue(c.mcnemar.pValue) }),
      );
    }
    if (c.testsAgree === false) facts.push(t('experiments.verdict.testsDisagree'));
  }
  if (provisional) facts.push(t('experiments.verdict.provisional'));
  return (
    <Typography.Text type="secondary" className="small">
      {facts.join(' · ')}
    </Typography.Text>
  );
}
