import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { claimChange } from '../../app/claims.js';
import { firstUnticked, MISSING_REASON, UNTICKED_STATEMENT } from '../../app/decision-form.js';
import { recordDecision, type DecisionResult } from '../../app/record-decision.js';
import type { Decision } from '../../domain/signoff-state.js';
import { findChangeById } from '../../store/changes.js';
import {
  ACTION_IDS, BLOCK_IDS, CALLBACK_IDS, ELEMENT_IDS, decodeButtonValue, decodePrivateMetadata,
  overrideModal, refusalMessage, requestChangesModal, signoffModal, type ModalTarget,
} from './render/index.js';
import type { SlackDeps } from './deps.js';

/**
 * Buttons and modals. Sign off and Request changes open their modal right after the
 * ack (a trigger id lives about three seconds); a submitted modal is decided and
 * stored before it is acknowledged, so a closed modal means a recorded decision.
 */
export function registerInteractions(app: App, deps: SlackDeps): void {
  const openModal = (kind: 'signoff' | 'request_changes' | 'override') => async ({ ack, body, action, client }: { ack: () => Promise<void>; body: BlockAction; action: ButtonAction; client: WebClient }) => {
    await ack();
    const target = decodeButtonValue(action.value);
    const channel = body.channel?.id;
    const ts = body.message?.ts;
    if (!target || !channel || !ts) return;
    const change = await findChangeById(deps.ctx.store.db, target.changeId);
    if (!change) return void (await ephemeral(client, channel, body.user.id, 'Countersign no longer knows this change.'));
    const input = { changeId: change.id, headSha: target.headSha, channel, ts, title: change.title, repo: change.repo, number: change.number };
    const view = kind === 'signoff' ? signoffModal({ ...input, attestations: [...deps.ctx.config.signoff.attestations] })
      : kind === 'override' ? overrideModal(input) : requestChangesModal(input);
    await client.views.open({ trigger_id: body.trigger_id, view });
  };
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.signoff, openModal('signoff'));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.requestChanges, openModal('request_changes'));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.override, openModal('override'));
  app.action(ACTION_IDS.view, async ({ ack }) => { await ack(); });

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.claim, async ({ ack, body, action, client }) => {
    await ack();
    const target = decodeButtonValue(action.value);
    const channel = body.channel?.id;
    if (!target || !channel) return;
    const change = await findChangeById(deps.ctx.store.db, target.changeId);
    if (!change) return;
    const actor = await deps.identify(client, body.user.id);
    const outcome = await claimChange(deps.ctx, { repo: change.repo, number: change.number }, actor, deps.clock.now());
    if (outcome.kind === 'done') deps.onDecided(actor);
    await ephemeral(client, channel, body.user.id, outcome.message);
  });

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.revoke, async ({ ack, body, action, client }) => {
    await ack();
    const target = decodeButtonValue(action.value);
    const channel = body.channel?.id;
    if (!target || !channel) return;
    const result = await decide(deps, client, body.user.id, target, 'revoke', [], null);
    if (!result.ok) await ephemeral(client, channel, body.user.id, result.reason);
  });

  app.view<ViewSubmitAction>(CALLBACK_IDS.signoffModal, async ({ ack, body, view, client }) => {
    const target = decodePrivateMetadata(view.private_metadata);
    if (!target) return ack();
    const statements = deps.ctx.config.signoff.attestations;
    const ticked = tickedIndices(view.state.values);
    const missing = firstUnticked(statements, ticked);
    if (missing >= 0) {
      const block = missing < 10 ? BLOCK_IDS.attest : `${BLOCK_IDS.attest}_${Math.floor(missing / 10) + 1}`;
      return ack({ response_action: 'errors', errors: { [block]: UNTICKED_STATEMENT } });
    }
    const note = view.state.values[BLOCK_IDS.note]?.[ELEMENT_IDS.value]?.value ?? null;
    await submit(deps, ack, client, body.user.id, target, 'approve', [...statements], note);
  });

  const withReason = (decision: 'request_changes' | 'override') => async ({ ack, body, view, client }: { ack: ViewAck; body: ViewSubmitAction; view: ViewSubmitAction['view']; client: WebClient }) => {
    const target = decodePrivateMetadata(view.private_metadata);
    if (!target) return ack();
    const reason = view.state.values[BLOCK_IDS.reason]?.[ELEMENT_IDS.value]?.value?.trim() ?? '';
    if (!reason) return ack({ response_action: 'errors', errors: { [BLOCK_IDS.reason]: MISSING_REASON[decision]! } });
    await submit(deps, ack, client, body.user.id, target, decision, [], reason);
  };
  app.view<ViewSubmitAction>(CALLBACK_IDS.requestChangesModal, withReason('request_changes'));
  app.view<ViewSubmitAction>(CALLBACK_IDS.overrideModal, withReason('override'));
}

type ViewAck = (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;

async function submit(deps: SlackDeps, ack: ViewAck, client: WebClient, userId: string, target: ModalTarget, decision: Decision, attested: string[], note: string | null): Promise<void> {
  let result: DecisionResult;
  try {
    result = await decide(deps, client, userId, target, decision, attested, note);
  } catch (error) {
    deps.ctx.log.error({ err: error, change: target.changeId }, 'could not record a decision from Slack');
    const block = decision === 'approve' ? BLOCK_IDS.note : BLOCK_IDS.reason;
    return ack({ response_action: 'errors', errors: { [block]: 'Countersign could not record this just now. Please submit again.' } });
  }
  await ack();
  if (!result.ok) await ephemeral(client, target.channel, userId, result.reason);
}

async function decide(deps: SlackDeps, client: WebClient, userId: string, target: { changeId: number; headSha: string }, decision: Decision, attested: string[], note: string | null): Promise<DecisionResult> {
  const actor = await deps.identify(client, userId);
  const result = await recordDecision(deps.ctx, { changeId: target.changeId, seenHeadSha: target.headSha, actor, decision, attested, note }, deps.clock.now());
  if (result.ok) deps.onDecided(actor);
  return result;
}

function tickedIndices(values: ViewSubmitAction['view']['state']['values']): Set<number> {
  const ticked = new Set<number>();
  for (const [blockId, elements] of Object.entries(values)) {
    if (blockId !== BLOCK_IDS.attest && !blockId.startsWith(`${BLOCK_IDS.attest}_`)) continue;
    for (const option of elements[ELEMENT_IDS.boxes]?.selected_options ?? []) ticked.add(Number(option.value));
  }
  return ticked;
}

/** A private answer to one person in the channel they acted in; best-effort. */
export async function ephemeral(client: WebClient, channel: string, user: string, reason: string): Promise<void> {
  try {
    await client.chat.postEphemeral({ channel, user, ...refusalMessage(reason) });
  } catch {
    // The person still sees nothing changed; the refusal itself is in the audit trail.
  }
}
