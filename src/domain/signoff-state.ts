export type ChangeStatus = 'not_required' | 'awaiting' | 'signed_off' | 'changes_requested' | 'closed' | 'merged';
/** `override`: a lead's break-glass decision, with a mandatory reason; it stands in for the sign-offs at its head. */
export type Decision = 'approve' | 'request_changes' | 'revoke' | 'override';

export interface SignoffDecision {
  reviewer: string;
  head_sha: string;
  decision: Decision;
  /** Monotonic order of decisions (row id); later wins. */
  order: number;
}

export interface StateInput {
  ai_assisted: boolean;
  closed: boolean;
  merged: boolean;
  head_sha: string;
  required_signoffs: number;
  decisions: readonly SignoffDecision[];
}

/**
 * The standing decision of each reviewer at the current head. A decision at an
 * older head no longer counts: a new push supersedes it.
 */
export function standingDecisions(decisions: readonly SignoffDecision[], headSha: string): Map<string, Decision> {
  const latest = new Map<string, SignoffDecision>();
  for (const d of decisions) {
    if (d.head_sha !== headSha) continue;
    const key = d.reviewer.toLowerCase();
    const previous = latest.get(key);
    if (!previous || d.order > previous.order) latest.set(key, d);
  }
  return new Map([...latest].map(([k, d]) => [k, d.decision]));
}

export function approvalsAt(decisions: readonly SignoffDecision[], headSha: string): string[] {
  return [...standingDecisions(decisions, headSha)].filter(([, d]) => d === 'approve').map(([r]) => r);
}

/**
 * awaiting → signed_off once enough distinct approvals stand at the head;
 * changes_requested while any reviewer's standing decision asks for changes;
 * closed and merged are final until a reopen.
 */
export function statusOf(input: StateInput): ChangeStatus {
  if (input.merged) return 'merged';
  if (input.closed) return 'closed';
  if (!input.ai_assisted) return 'not_required';
  const standing = [...standingDecisions(input.decisions, input.head_sha).values()];
  if (standing.includes('override')) return 'signed_off';
  if (standing.includes('request_changes')) return 'changes_requested';
  const approvals = standing.filter((d) => d === 'approve').length;
  return approvals >= input.required_signoffs ? 'signed_off' : 'awaiting';
}
