import { expectNear } from './reference/expect-near';
import {
  binomialCdfAt,
  chiSquareSurvival,
  normalQuantile,
  normalTwoSidedP,
  tQuantile,
  tTwoSidedP,
} from './distributions';

// Reference values: scipy 1.17.1, printed by reference/reference-values.py ("distributions").
describe('the distributions behind the tests agree with scipy', () => {
  it("gives Student's t quantiles for a 95 % interval as scipy's t.ppf does", () => {
    expectNear(tQuantile(0.975, 1), 12.706204736174694);
    expectNear(tQuantile(0.975, 3), 3.1824463052837078);
    expectNear(tQuantile(0.975, 14), 2.144786687917804);
    expectNear(tQuantile(0.995, 50), 2.677793270940844);
  });

  it("gives two-sided t p-values as twice scipy's lower tail t.cdf", () => {
    expectNear(tTwoSidedP(2.1, 14), 2 * 0.027166572987452405);
    expectNear(tTwoSidedP(-5.3, 7), 2 * 0.0005616840801625303);
  });

  it('gives the normal quantile 1.959964 and two-sided normal p-values', () => {
    expectNear(normalQuantile(0.975), 1.959963984540054);
    expectNear(normalTwoSidedP(1.3), 2 * 0.09680048458561036);
  });

  it("gives the binomial CDF and the chi-square upper tail as scipy's binom.cdf and chi2.sf", () => {
    expectNear(binomialCdfAt(3, 20, 0.5), 0.0012884140014648438);
    expectNear(chiSquareSurvival(5.2, 1), 0.02258688816417965);
  });
});
