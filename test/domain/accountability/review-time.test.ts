import { describe, it, expect } from 'vitest';
import { formOpenSeconds, rubberStampFlag, type ReviewTiming, type RubberStampFlag } from '../../../src/domain/accountability/review-time.js';

const RULE = { minLines: 200, maxSeconds: 120 };
const T = (s: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, s)).toISOString();

describe('rubberStampFlag', () => {
  const cases: { name: string; timing: Partial<ReviewTiming>; want: RubberStampFlag | null }[] = [
    { name: 'largeDiffSignedSecondsAfterOpeningTheFormIsFlagged', timing: { requestedAt: T(-86_400), formOpenedAt: T(0), submittedAt: T(9) }, want: { seconds: 9, basis: 'form' } },
    { name: 'largeDiffReadForTenMinutesIsNot', timing: { requestedAt: T(-86_400), formOpenedAt: T(0), submittedAt: T(600) }, want: null },
    { name: 'smallDiffSignedQuicklyIsNot', timing: { lines: 40, formOpenedAt: T(0), submittedAt: T(3) }, want: null },
    { name: 'atTheLimitIsFlagged', timing: { formOpenedAt: T(0), submittedAt: T(120) }, want: { seconds: 120, basis: 'form' } },
    { name: 'justOverTheLimitIsNot', timing: { formOpenedAt: T(0), submittedAt: T(121) }, want: null },
    { name: 'withoutFormTimesTheRequestCounts', timing: { requestedAt: T(0), formOpenedAt: null, submittedAt: T(30) }, want: { seconds: 30, basis: 'request' } },
    { name: 'signedBeforeTheRequestIsNotAFlag', timing: { requestedAt: T(60), formOpenedAt: null, submittedAt: T(30) }, want: null },
    { name: 'theShorterOfTheTwoIsShown', timing: { requestedAt: T(0), formOpenedAt: T(20), submittedAt: T(25) }, want: { seconds: 5, basis: 'form' } },
    { name: 'unknownTimesAreNotFlags', timing: { requestedAt: null, formOpenedAt: null, submittedAt: T(5) }, want: null },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const timing: ReviewTiming = { lines: 500, requestedAt: null, formOpenedAt: null, submittedAt: T(0), ...c.timing };
      expect(rubberStampFlag(timing, RULE)).toEqual(c.want);
    });
  }
});

describe('formOpenSeconds', () => {
  it('isTheTimeBetweenOpeningAndSubmitting', () => {
    expect(formOpenSeconds(T(0), T(75))).toBe(75);
    expect(formOpenSeconds(null, T(75))).toBeNull();
    expect(formOpenSeconds(T(80), T(75))).toBeNull();
  });
});
