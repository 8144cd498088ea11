import { describe, it, expect } from 'vitest';
import {
  DEFAULT_EXPLANATION_HEADINGS,
  explanationRequired,
  missingAnswers,
  parseExplanation,
  type ExplanationQuestion,
  type ExplanationRequirement,
} from '../../../src/domain/accountability/explanation.js';
import type { RiskTier } from '../../../src/domain/policy.js';

const FILLED = `## What this changes
Retries webhook deliveries with backoff.

## How I verified it
- Ran the e2e suite
- Replayed a 502 from GitHub

## What could break
Deliveries could arrive twice; the inbox dedupes them.
`;

describe('parseExplanation', () => {
  const cases: { name: string; body: string | null; placeholders?: string[]; missing: ExplanationQuestion[]; what?: string }[] = [
    { name: 'allThreeSectionsFilled', body: FILLED, missing: [], what: 'Retries webhook deliveries with backoff.' },
    { name: 'noBodyMissesEverything', body: null, missing: ['what', 'verified', 'risks'] },
    { name: 'bodyWithoutHeadingsMissesEverything', body: 'Retries deliveries. Tested locally. Nothing breaks.', missing: ['what', 'verified', 'risks'] },
    { name: 'emptySectionIsMissing', body: FILLED.replace('Deliveries could arrive twice; the inbox dedupes them.', ''), missing: ['risks'] },
    {
      name: 'templateCommentsLeftAloneAreMissing',
      body: '## What this changes\n<!-- Describe the change -->\n\n## How I verified it\n<!--\nsteps\n-->\n## What could break\n',
      missing: ['what', 'verified', 'risks'],
    },
    {
      name: 'templatePlaceholdersAreMissing',
      body: '## What this changes\n[describe the change]\n## How I verified it\n- [ ]\n- TODO\n## What could break\n_Describe the risks_\n',
      missing: ['what', 'verified', 'risks'],
    },
    {
      name: 'configuredTemplateWordingIsMissing',
      body: '## What this changes\nExplain it here.\n## How I verified it\nran tests\n## What could break\nnothing much',
      placeholders: ['Explain it here.'],
      missing: ['what'],
    },
    {
      name: 'boldHeadingsWithColonsCount',
      body: '**What this changes:**\nA thing.\n\n**How I verified it**\nTests.\n\n**What could break**\nNothing.',
      missing: [],
      what: 'A thing.',
    },
    { name: 'headingsMatchWithoutCase', body: FILLED.replace('## What this changes', '### WHAT CHANGES ###'), missing: [] },
    {
      name: 'aSectionEndsAtTheNextHeadingOfAnyKind',
      body: '## What this changes\n## Screenshots\nA screenshot\n## How I verified it\nx\n## What could break\ny',
      missing: ['what'],
    },
    {
      name: 'headingsInsideCodeFencesAreNotHeadings',
      body: '## What this changes\n```\n## What could break\n```\n## How I verified it\nx',
      missing: ['risks'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = parseExplanation(c.body, DEFAULT_EXPLANATION_HEADINGS, c.placeholders);
      expect(got.missing).toEqual(c.missing);
      if (c.what !== undefined) expect(got.answers.what).toBe(c.what);
    });
  }

  it('configuredHeadingsReplaceTheDefaults', () => {
    const headings = { what: ['Summary'], verified: ['Testing'], risks: ['Risks'] };
    expect(parseExplanation('# Summary\na\n# Testing\nb\n# Risks\nc', headings).answers).toEqual({ what: 'a', verified: 'b', risks: 'c' });
  });

  it('runsInLinearTimeOnHostileBodies', () => {
    const body = `# ${'#'.repeat(100_000)}a\n${'<!--'.repeat(50_000)}\n**${' '.repeat(100_000)}x`;
    expect(parseExplanation(body, DEFAULT_EXPLANATION_HEADINGS).missing).toHaveLength(3);
  });
});

describe('missingAnswers', () => {
  it('chatAnswersFollowTheSameRule', () => {
    expect(missingAnswers({ what: 'A fix', verified: '  ', risks: 'TBD' })).toEqual(['verified', 'risks']);
    expect(missingAnswers({ what: 'A fix', verified: 'tests', risks: 'none' })).toEqual([]);
  });
});

describe('explanationRequired', () => {
  const cases: [ExplanationRequirement, RiskTier, boolean][] = [
    ['off', 'high', false], ['high', 'high', true], ['high', 'medium', false], ['all', 'low', true],
  ];
  for (const [requirement, tier, want] of cases) {
    it(`${requirement}For${tier}Is${want}`, () => expect(explanationRequired(requirement, tier)).toBe(want));
  }
});
