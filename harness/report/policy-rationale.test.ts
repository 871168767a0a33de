import { describe, expect, it } from 'vitest';
import { chooseThreshold } from '../policy/choose-threshold.ts';
import { reportFixture } from './fixture.ts';
import { policyRationale } from './policy-rationale.ts';

const results = reportFixture();
const [alpha, beta] = results.algorithms;
const base = { maxFpirOneIn: 6000, minTpir: 0.7, equity: 'no-significant-difference', passersByPerHour: 3770 } as const;
const words = (a: typeof alpha, policy: Parameters<typeof chooseThreshold>[2]): string => (a === undefined ? '' : policyRationale(results, chooseThreshold(results, a, policy), policy));

describe('policyRationale', () => {
  it('names the constraints, the threshold chosen with its rates, and why the one below fails', () => {
    const text = words(alpha, base);
    expect(text).toMatch(/^The policy asks for a false positive rate whose 95% upper bound is at most 1 in 6,000 at a 10,000-image watchlist, a true positive rate of at least 70\.0%, and no statistically significant difference between groups\./);
    expect(text).toMatch(/The lowest threshold that meets it is 0\.60\. At 0\.60 the false positive rate is 1 in 60,000/);
    expect(text).toMatch(/The next lower threshold, 0\.55, fails: 1 of 1 comparisons between groups found a significant difference\./);
    expect(words(alpha, { ...base, equity: 'none' })).toMatch(/0\.50, fails: its false positive upper bound is 1 in 1,5\d\d/);
  });
  it('says why nothing meets the policy', () => {
    expect(words(beta, base)).toMatch(/No threshold meets every constraint\. The lowest that meets the rate constraints is 0\.55 .* but no test between groups was possible there/);
    expect(words(alpha, { ...base, minTpir: 0.99 })).toMatch(/No threshold tested meets it: where false positives are low enough \(from 0\.55\), the true positive rate falls below 99\.0%\./);
  });
});
