import type { ChangeStatus } from './signoff-state.js';

/** What a decision asks the outside world to do; the app turns these into outbox rows. */
export type CheckState = 'pending' | 'success' | 'failure';

export type Notice =
  | 'superseded' | 'closed' | 'merged' | 'merged_without_signoff' | 'reopened' | 'draft' | 'ready'
  | 'approved' | 'signed_off' | 'changes_requested' | 'revoked' | 'overridden'
  | 'escalated' | 'assigned' | 'claimed' | 'claim_released' | 'snoozed'
  | 'author_named' | 'explained' | 'reverted' | 'incident';

export type Effect =
  | { type: 'request_review'; teams: string[] }
  | { type: 'refresh_request' }
  | { type: 'thread_notice'; notice: Notice; actor?: string | null; note?: string | null; previous_sha?: string; /** overrides the default per-revision key */ key?: string }
  | { type: 'set_check'; head_sha: string; state: CheckState }
  /** Tell the owning teams' leads directly (merged without sign-off). */
  | { type: 'alert_leads'; alert: 'merged_without_signoff' }
  /** A direct message to named people (GitHub logins): escalations, assignment, claim reminders. */
  | { type: 'direct'; to: string[]; alert: DirectAlert; key: string; waiting_minutes?: number; /** a reason to show (incidents) */ note?: string | null }
  /** A post in a team's escalation channel. */
  | { type: 'escalation_post'; team: string; key: string; waiting_minutes: number };

export type DirectAlert = 'escalation' | 'assigned' | 'claim_reminder' | 'merged_without_signoff' | 'explanation_needed' | 'reverted' | 'incident';

export interface AuditEntry {
  action: string;
  details: Record<string, unknown>;
}

/** The check a change's status calls for; null once it is closed or merged. */
export function checkFor(status: ChangeStatus): CheckState | null {
  switch (status) {
    case 'signed_off': case 'not_required': return 'success';
    case 'changes_requested': return 'failure';
    case 'awaiting': return 'pending';
    default: return null;
  }
}
