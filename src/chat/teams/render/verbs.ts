/** The verbs of Countersign's card buttons (Action.Execute) and the ids of the form inputs. */
export const VERBS = {
  refresh: 'refresh',
  openSignoff: 'openSignoff',
  signoff: 'signoff',
  claim: 'claim',
  openRequestChanges: 'openRequestChanges',
  requestChanges: 'requestChanges',
  openOverride: 'openOverride',
  override: 'override',
  revoke: 'revoke',
  openExplain: 'openExplain',
  explain: 'explain',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];

export const INPUTS = {
  /** `attest_0`, `attest_1`, …: one toggle per configured statement, "true" when ticked. */
  attestation: (index: number) => `attest_${index}`,
  note: 'note',
  /** `explain_what`, `explain_verified`, `explain_risks`: the author's three answers. */
  explanation: (question: string) => `explain_${question}`,
} as const;

/** The longest note a form accepts (the same cap as Slack's and the playground's). */
export const NOTE_MAX = 3000;
