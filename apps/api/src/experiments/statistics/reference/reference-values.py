#!/usr/bin/env python3
"""Reference values for the experiment statistics' spec files (apps/api/src/experiments/statistics).

Computed independently of the TypeScript code with scipy 1.17 (and numpy), or, where scipy has no
function, with the textbook formula written out here. CI does not run this script: the spec files
hard-code the numbers it prints. To check or extend them:

    python3 -c 'import scipy; print(scipy.__version__)'   # 1.17.x
    python3 apps/api/src/experiments/statistics/reference/reference-values.py

Every data set below is repeated literally (or by the same formula) in the spec files.
"""
import math

import numpy as np
import scipy
from scipy import stats


def show(name, value):
    if isinstance(value, (float, np.floating)):
        print(f"{name} = {float(value)!r}")
    else:
        print(f"{name} = {value}")


def section(title):
    print(f"\n# {title}")


# --------------------------------------------------------------------------- distributions
section(f"distributions (scipy {scipy.__version__})")
for p, df in [(0.975, 1), (0.975, 3), (0.975, 14), (0.995, 50)]:
    show(f"t.ppf({p}, {df})", stats.t.ppf(p, df))
for x, df in [(-2.1, 14), (-5.3, 7)]:
    show(f"t.cdf({x}, {df})", stats.t.cdf(x, df))
show("norm.ppf(0.975)", stats.norm.ppf(0.975))
show("norm.cdf(-1.3)", stats.norm.cdf(-1.3))
show("binom.cdf(3, 20, 0.5)", stats.binom.cdf(3, 20, 0.5))
show("chi2.sf(5.2, 1)", stats.chi2.sf(5.2, 1))

# --------------------------------------------------------------------------- descriptive
section("quantiles (numpy default, method='linear')")
latencies = [120, 80, 95, 300, 101, 99, 250, 110, 90, 105]
show("p50(latencies)", np.percentile(latencies, 50))
show("p95(latencies)", np.percentile(latencies, 95))
show("p95([1, 2, 3, 4])", np.percentile([1, 2, 3, 4], 95))
show("mean(latencies)", np.mean(latencies))

section("t interval of a mean")
sample = [0.62, 0.71, 0.55, 0.9, 0.48, 0.77, 0.66]
m, se = np.mean(sample), stats.sem(sample)
show("mean(sample)", m)
show("sd(sample)", np.std(sample, ddof=1))
lo, hi = stats.t.interval(0.95, len(sample) - 1, loc=m, scale=se)
show("ci95(sample).lower", lo)
show("ci95(sample).upper", hi)
lo, hi = stats.t.interval(0.90, len(sample) - 1, loc=m, scale=se)
show("ci90(sample).lower", lo)
show("ci90(sample).upper", hi)

section("Wilson intervals (scipy binomtest(...).proportion_ci(method='wilson'))")
for k, n in [(7, 10), (0, 12), (12, 12), (45, 60)]:
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    show(f"wilson({k}, {n}).lower", ci.low)
    show(f"wilson({k}, {n}).upper", ci.high)


# --------------------------------------------------------------------------- pass@k
def pass_at_k(n, c, k):
    """Chen et al. 2021, with exact binomial coefficients."""
    if n - c < k:
        return 1.0
    return 1.0 - math.comb(n - c, k) / math.comb(n, k)


section("pass@k (exact binomial coefficients, math.comb)")
for n, c, k in [(5, 1, 1), (5, 1, 2), (5, 2, 3), (10, 3, 5), (20, 1, 10), (4, 0, 2), (3, 2, 2)]:
    show(f"pass@{k}(n={n}, c={c})", pass_at_k(n, c, k))

section("summary of one variant: 4 items x 3 repetitions, one scorer error")
# (itemId, repetition, score, pass)
summary_results = [
    ("a", 1, 0.9, True), ("a", 2, 0.8, True), ("a", 3, 0.7, True),
    ("b", 1, 0.4, False), ("b", 2, None, None), ("b", 3, 0.6, True),
    ("c", 1, 0.2, False), ("c", 2, 0.3, False), ("c", 3, 0.1, False),
    ("d", 1, 1.0, True), ("d", 2, 0.5, False), ("d", 3, 0.75, True),
]
by_item = {}
for item, _rep, score, passed in summary_results:
    by_item.setdefault(item, []).append((score, passed))
item_means = [np.mean([s for s, _ in rows if s is not None]) for rows in by_item.values()]
show("summary.mean", np.mean(item_means))
show("summary.sd", np.std(item_means, ddof=1))
lo, hi = stats.t.interval(0.95, len(item_means) - 1, loc=np.mean(item_means), scale=stats.sem(item_means))
show("summary.ci.lower", lo)
show("summary.ci.upper", hi)
judged = [p for rows in by_item.values() for _, p in rows if p is not None]
ci = stats.binomtest(sum(judged), len(judged)).proportion_ci(method="wilson")
show("summary.passRate", sum(judged) / len(judged))
show("summary.passRate.lower", ci.low)
show("summary.passRate.upper", ci.high)
for k in (1, 2, 3):
    estimates = []
    for rows in by_item.values():
        passes = [p for _, p in rows if p is not None]
        if len(passes) >= k:
            estimates.append(pass_at_k(len(passes), sum(passes), k))
    show(f"summary.pass@{k}", np.mean(estimates))
    show(f"summary.pass@{k}.nItems", len(estimates))

# --------------------------------------------------------------------------- paired t-test
section("paired t-test")
# The differences of scipy.stats.wilcoxon's docstring example (Cushny & Peebles' pairs in eighths).
docstring_d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]


def t_report(name, res, d):
    d = np.asarray(d, dtype=float)
    n = len(d)
    ci = res.confidence_interval(0.95)
    show(f"{name}.mean", np.mean(d))
    show(f"{name}.sd", np.std(d, ddof=1))
    show(f"{name}.t", res.statistic)
    show(f"{name}.df", res.df)
    show(f"{name}.p", res.pvalue)
    show(f"{name}.ci.lower", ci.low)
    show(f"{name}.ci.upper", ci.high)
    dz = np.mean(d) / np.std(d, ddof=1)
    z = stats.norm.ppf(0.975)
    se = math.sqrt(1 / n + dz * dz / (2 * n))
    show(f"{name}.dz", dz)
    show(f"{name}.dz.lower", dz - z * se)
    show(f"{name}.dz.upper", dz + z * se)


t_report("ttest_1samp(docstring_d)", stats.ttest_1samp(docstring_d, 0), docstring_d)
before = [0.61, 0.72, 0.55, 0.8, 0.43, 0.67, 0.7, 0.52, 0.66, 0.59]
after = [0.68, 0.75, 0.61, 0.79, 0.52, 0.74, 0.71, 0.6, 0.69, 0.66]
t_report("ttest_rel(after, before)", stats.ttest_rel(after, before), np.subtract(after, before))

# --------------------------------------------------------------------------- Wilcoxon
section("Wilcoxon signed-rank, scipy defaults (zero_method='wilcox', correction=False, method='auto')")


def rank_biserial(d):
    d = np.asarray(d, dtype=float)
    d = d[d != 0]
    r = stats.rankdata(np.abs(d))
    r_plus, r_minus = r[d > 0].sum(), r[d < 0].sum()
    return (r_plus - r_minus) / (r_plus + r_minus)


def w_report(name, d):
    res = stats.wilcoxon(d)
    show(f"{name}.n", len(d))
    show(f"{name}.statistic", res.statistic)
    show(f"{name}.p", res.pvalue)
    show(f"{name}.rankBiserial", rank_biserial(d))
    asym = stats.wilcoxon(d, method="asymptotic")
    show(f"{name}.|z| (method='asymptotic')", abs(asym.zstatistic))


w_report("docstring_d (exact)", docstring_d)
six_up = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
w_report("six_up (exact)", six_up)
ties_and_zero_8 = [0.5, 0.5, -0.25, 0.0, 1.0, 0.75, 0.5, -0.5]
w_report("ties_and_zero_8 (permutation)", ties_and_zero_8)
ties_20 = [1, 1, 1, -1, 0.5, 0.5, -0.5, 1, 1, 0.25, 0.25, 0.25, -0.25, 1, 0.5, 0.75, 0.75, -1, 1, 0.5]
w_report("ties_20 (normal, tie correction)", ties_20)
zeros_30 = [((i * 7) % 31 - 15) / 10 for i in range(1, 31)]  # contains one 0, no ties in |d| beyond pairs
w_report("zeros_30 (normal)", zeros_30)
spread_50 = [((i * 37) % 61) / 10 - 2.68 for i in range(1, 51)]  # distinct, non-zero, no |d| ties
w_report("spread_50 (exact)", spread_50)
spread_60 = [((i * 37) % 61) / 10 - 2.68 for i in range(1, 61)]
w_report("spread_60 (normal)", spread_60)

# --------------------------------------------------------------------------- McNemar
section("McNemar: exact = binomtest(min(b, c), b + c, 0.5); else chi2.sf((|b-c|-1)^2/(b+c), 1)")


def agresti_min(b, c, n, conf=0.95):
    z = stats.norm.ppf(1 - (1 - conf) / 2)
    b2, c2, n2 = b + 0.5, c + 0.5, n + 2
    centre = (c2 - b2) / n2
    se = math.sqrt(b2 + c2 - (c2 - b2) ** 2 / n2) / n2
    return max(-1, centre - z * se), min(1, centre + z * se)


for both_pass, both_fail, b, c in [(20, 9, 2, 9), (30, 15, 10, 25), (7, 3, 0, 0), (40, 10, 13, 12)]:
    n = both_pass + both_fail + b + c
    name = f"mcnemar(b={b}, c={c}, n={n})"
    if b + c < 25:
        p = 1.0 if b + c == 0 else stats.binomtest(min(b, c), b + c, 0.5).pvalue
    else:
        p = stats.chi2.sf(max(0, abs(b - c) - 1) ** 2 / (b + c), 1)
    show(f"{name}.p", p)
    lo, hi = agresti_min(b, c, n)
    show(f"{name}.ci.lower", lo)
    show(f"{name}.ci.upper", hi)

# --------------------------------------------------------------------------- compareVariants
section("compareVariants: 8 items x 2 repetitions (item means first; differences rounded to 12 decimals)")
# item -> ([v1 scores], [v1 passes], [v2 scores], [v2 passes]); None = scorer error
experiment = {
    "i1": ([0.5, 0.6], [False, True], [0.7, 0.8], [True, True]),
    "i2": ([0.4, 0.4], [False, False], [0.6, 0.5], [True, False]),
    "i3": ([0.9, 0.8], [True, True], [0.9, 1.0], [True, True]),
    "i4": ([0.3, None], [False, None], [0.5, 0.4], [False, False]),
    "i5": ([0.7, 0.6], [True, True], [0.8, 0.8], [True, True]),
    "i6": ([0.2, 0.3], [False, False], [0.3, 0.4], [False, False]),
    "i7": ([0.6, 0.7], [True, True], [0.65, 0.75], [True, True]),
    "i8": ([0.5, 0.5], [True, False], [0.8, 0.6], [True, True]),
}


def item_mean(scores):
    return np.mean([s for s in scores if s is not None])


def majority(passes):
    judged = [p for p in passes if p is not None]
    return sum(judged) * 2 > len(judged)


v1 = np.array([item_mean(r[0]) for r in experiment.values()])
v2 = np.array([item_mean(r[2]) for r in experiment.values()])
d = np.round(v2 - v1, 12)
show("experiment.v1 mean", np.mean(v1))
show("experiment.v2 mean", np.mean(v2))
t = stats.ttest_1samp(d, 0)
ci = t.confidence_interval(0.95)
show("experiment.t", t.statistic)
show("experiment.p", t.pvalue)
show("experiment.mean difference", np.mean(d))
show("experiment.ci.lower", ci.low)
show("experiment.ci.upper", ci.high)
w = stats.wilcoxon(d)
show("experiment.wilcoxon.statistic", w.statistic)
show("experiment.wilcoxon.p", w.pvalue)
show("experiment.wilcoxon.ties or zeros", len(set(np.abs(d[d != 0]))) < len(d[d != 0]) or bool((d == 0).any()))
pairs = [(majority(r[1]), majority(r[3])) for r in experiment.values()]
b = sum(1 for a, c in pairs if a and not c)
c = sum(1 for a, cc in pairs if cc and not a)
show("experiment.mcnemar.b", b)
show("experiment.mcnemar.c", c)
show("experiment.mcnemar.p", 1.0 if b + c == 0 else stats.binomtest(min(b, c), b + c, 0.5).pvalue)

section("compareVariants: one repetition per item, given as (baseline, candidate) scores")


def compare_report(name, baseline, candidate):
    d = np.round(np.subtract(candidate, baseline), 12)
    t = stats.ttest_1samp(d, 0)
    ci = t.confidence_interval(0.95)
    w = stats.wilcoxon(d)
    show(f"{name}.mean difference", np.mean(d))
    show(f"{name}.t.p", t.pvalue)
    show(f"{name}.ci.lower", ci.low)
    show(f"{name}.ci.upper", ci.high)
    show(f"{name}.wilcoxon.p", w.pvalue)


# An outlier: eleven small gains and one large loss. The mean falls, the ranks rise.
outlier_base = [0.5] * 12
outlier_cand = [0.51, 0.52, 0.53, 0.54, 0.55, 0.56, 0.57, 0.58, 0.59, 0.6, 0.61, 0.0]
compare_report("outlier", outlier_base, outlier_cand)
# Mixed small moves: no significant difference.
mixed_base = [0.5, 0.6, 0.4, 0.7, 0.5, 0.3, 0.8, 0.6]
mixed_cand = [0.6, 0.5, 0.6, 0.55, 0.55, 0.3, 0.9, 0.55]
compare_report("mixed", mixed_base, mixed_cand)


# --------------------------------------------------------------------------- rollout guardrails
section("rollouts: one-sided Fisher exact, fisher_exact([[a, b], [c, d]], alternative='greater')")
for table in [[[30, 170], [10, 190]], [[60, 140], [20, 180]], [[12, 188], [10, 190]], [[5, 5], [0, 10]],
              [[3, 297], [15, 285]], [[0, 200], [0, 200]]]:
    show(f"fisher_exact({table}, 'greater')", stats.fisher_exact(table, alternative="greater").pvalue)

section("rollouts: runs per arm to detect p1 -> p2, one-sided (Fleiss, Levin & Paik 2003, eq. 4.14, no continuity correction)")


def two_proportion_n(p1, p2, alpha=0.05, power=0.8):
    pbar = (p1 + p2) / 2
    za, zb = stats.norm.ppf(1 - alpha), stats.norm.ppf(power)
    return (za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p1 - p2) ** 2


for p1, p2, alpha, power in [(0.05, 0.15, 0.05, 0.8), (0.02, 0.03, 0.05, 0.8), (0.1, 0.12, 0.01, 0.9)]:
    show(f"n({p1}, {p2}, alpha={alpha}, power={power})", two_proportion_n(p1, p2, alpha, power))
