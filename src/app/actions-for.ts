import type { ChangeAction, ReviewRequestView } from './views.js';
import { awaitsDecision } from './wording.js';

export type { ChangeAction };

/** The viewer of a message everyone in a channel sees alike (a Slack channel post): it offers what anyone might do, and the door refuses the rest. */
export const SHARED_MESSAGE = Symbol('a message everyone in the channel sees');

export type Viewer = string | null | typeof SHARED_MESSAGE;

type ActionInputs = Pick<ReviewRequestView, 'status' | 'draft' | 'eligibleSeniors' | 'leads' | 'approvals' | 'accountableAuthor' | 'explanationRequired'>;

/**
 * The actions a viewer (a GitHub login; null for someone Countersign cannot map) may
 * take on a request as the view shows it, in the order they are offered. The one place
 * that decides which buttons anyone sees: no Sign off for the author or anyone who may
 * not sign, Override only for leads, Revoke only for whoever signed.
 */
export function actionsFor(view: ActionInputs, viewer: Viewer): ChangeAction[] {
  if (viewer === null) return [];
  const awaits = awaitsDecision(view);
  const open = view.status !== 'closed' && view.status !== 'merged';
  if (viewer === SHARED_MESSAGE) {
    return [
      ...(awaits ? ['sign_off' as const] : []),
      ...(awaits && view.status === 'awaiting' ? ['claim' as const] : []),
      ...(awaits ? ['request_changes' as const, 'override' as const] : []),
      ...(open && view.approvals.length > 0 ? ['revoke' as const] : []),
    ];
  }
  const me = viewer.toLowerCase();
  const among = (logins: readonly string[]) => logins.some((l) => l.toLowerCase() === me);
  const signed = among(view.approvals.map((a) => a.reviewer));
  const mayDecide = awaits && among(view.eligibleSeniors);
  return [
    ...(mayDecide && !signed ? ['sign_off' as const] : []),
    ...(mayDecide && !signed && view.status === 'awaiting' ? ['claim' as const] : []),
    ...(mayDecide ? ['request_changes' as const] : []),
    ...(awaits && among(view.leads) ? ['override' as const] : []),
    ...(open && signed ? ['revoke' as const] : []),
    // "Explain this change" is offered to the author alone, where an explanation is asked for.
    ...(open && view.explanationRequired && view.accountableAuthor?.login?.toLowerCase() === me ? ['explain' as const] : []),
  ];
}
