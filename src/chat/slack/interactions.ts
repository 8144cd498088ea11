import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { claimChange, openDecisionForm, openExplanationForm, submitDecision, submitExplanation, type DecisionResult } from '../../app/door.js';
import { EXPLANATION_QUESTIONS } from '../../domain/accountability/explanation.js';
import type { Decision } from '../../domain/signoff-state.js';
import {
  ACTION_IDS, BLOCK_IDS, CALLBACK_IDS, ELEMENT_IDS, decodeButtonValue, decodePrivateMetadata,
  explanationModal, overrideModal, refusalMessage, requestChangesModal, signoffModal, type ModalTarget,
} from './render/index.js';
import type { SlackDeps } from './deps.js';

/**
 * Buttons and modals, translated to the door in app/ and back. Sign off, Request
 * changes and Override open their modal right after the ack (a trigger id lives about
 * three seconds); a submitted modal is decided and stored before it is acknowledged, so
 * a closed modal means a recorded decision. A modal is single-use: its view id and hash
 * name it, so a replayed submission records nothing.
 */
export function registerInteractions(app: App, deps: SlackDeps): void {
  const openModal = (kind: 'approve' | 'request_changes' | 'override') => async ({ ack, body, action, client }: { ack: () => Promise<void>; body: BlockAction; action: ButtonAction; client: WebClient }) => {
    await ack();
    const target = decodeButtonValue(action.value);
    const channel = body.channel?.id;
    const ts = body.message?.ts;
    if (!target || !channel || !ts) return;
    const opened = await openDecisionForm(deps.ctx, { changeId: target.changeId, seenHeadSha: target.headSha }, kind, deps.clock.now());
    if (opened.kind === 'refused') return void (await ephemeral(client, channel, body.user.id, opened.reason));
    const input = { ...opened.form, channel, ts };
    const view = kind === 'approve' ? signoffModal(input) : kind === 'override' ? overrideModal(input) : requestChangesModal(input);
    await client.views.open({ trigger_id: body.trigger_id, view });
  };
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.signoff, openModal('approve'));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.requestChanges, openModal('request_changes'));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.override, openModal('override'));
  app.action(ACTION_IDS.view, async ({ ack }) => { await ack(); });

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.claim, async ({ ack, body, action, client }) => {
    await ack();
    const target = decodeButtonValue(action.value);
    const channel = body.channel?.id;
    if (!target || !channel) return;
    const actor = await deps.identify(client, body.user.id);
    const outcome = await claimChange(deps.ctx, { changeId: target.changeId }, actor, deps.clock.now());
    if (outcome.kind === 'done') deps.onDecided(actor);
    await ephemeral(client, channel, body.user.id, outcome.message);
  });

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.revoke, async ({ ack, body, action, client }) => {
    await ack();
    const target = decodeButtonValue(action.value);
    const channel = body.channel?.id;
    if (!target || !channel) return;
    // One click, one revoke: the click's trigger id makes a replay of it a no-op.
    const form = { key: `slack:action:${body.trigger_id}`, revision: null };
    const result = await decide(deps, client, body.user.id, { ...target, revision: null, channel, ts: body.message?.ts ?? '' }, form, 'revoke', new Set(), null);
    if (result.kind !== 'recorded') await ephemeral(client, channel, body.user.id, result.reason);
  });

  const submitted = (decision: Decision) => async ({ ack, body, view, client }: { ack: ViewAck; body: ViewSubmitAction; view: ViewSubmitAction['view']; client: WebClient }) => {
    const target = decodePrivateMetadata(view.private_metadata);
    if (!target) return ack();
    const note = decision === 'approve'
      ? view.state.values[BLOCK_IDS.note]?.[ELEMENT_IDS.value]?.value ?? null
      : view.state.values[BLOCK_IDS.reason]?.[ELEMENT_IDS.value]?.value ?? null;
    const form = { key: `slack:view:${view.id}:${view.hash}`, revision: target.revision, openedAt: target.openedAt ?? null };
    let result: DecisionResult | Awaited<ReturnType<typeof submitDecision>>;
    try {
      result = await decide(deps, client, body.user.id, target, form, decision, tickedIndices(view.state.values), note);
    } catch (error) {
      deps.ctx.log.error({ err: error, change: target.changeId }, 'could not record a decision from Slack');
      return ack({ response_action: 'errors', errors: { [noteBlock(decision)]: 'Countersign could not record this just now. Please submit again.' } });
    }
    if (result.kind === 'invalid') {
      const block = result.field === 'note' ? noteBlock(decision)
        : result.index < 10 ? BLOCK_IDS.attest : `${BLOCK_IDS.attest}_${Math.floor(result.index / 10) + 1}`;
      return ack({ response_action: 'errors', errors: { [block]: result.reason } });
    }
    await ack();
    if (result.kind !== 'recorded') await ephemeral(client, target.channel, body.user.id, result.reason);
  };
  app.view<ViewSubmitAction>(CALLBACK_IDS.signoffModal, submitted('approve'));
  app.view<ViewSubmitAction>(CALLBACK_IDS.requestChangesModal, submitted('request_changes'));
  app.view<ViewSubmitAction>(CALLBACK_IDS.overrideModal, submitted('override'));

  // "Explain this change": offered to the author alone (in their direct message), answered in a modal.
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.explain, async ({ ack, body, action, client }) => {
    await ack();
    const target = decodeButtonValue(action.value);
    const channel = body.channel?.id;
    if (!target || !channel) return;
    const opened = await openExplanationForm(deps.ctx, target.changeId, await deps.identify(client, body.user.id));
    if (opened.kind === 'refused') return void (await ephemeral(client, channel, body.user.id, opened.reason));
    await client.views.open({ trigger_id: body.trigger_id, view: explanationModal({ ...opened.form, revision: 0, channel, ts: body.message?.ts ?? '' }) });
  });
  app.view<ViewSubmitAction>(CALLBACK_IDS.explainModal, async ({ ack, body, view, client }) => {
    const target = decodePrivateMetadata(view.private_metadata);
    if (!target) return ack();
    const answers = Object.fromEntries(EXPLANATION_QUESTIONS.map((q) => [q, view.state.values[q]?.[ELEMENT_IDS.value]?.value ?? '']));
    const result = await submitExplanation(deps.ctx, target.changeId, answers, await deps.identify(client, body.user.id), deps.clock.now());
    if (result.kind === 'invalid') return ack({ response_action: 'errors', errors: { [result.field]: result.reason } });
    await ack();
    if (result.kind === 'refused') await ephemeral(client, target.channel, body.user.id, result.reason);
  });
}

type ViewAck = (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;

const noteBlock = (decision: Decision) => (decision === 'approve' ? BLOCK_IDS.note : BLOCK_IDS.reason);

async function decide(deps: SlackDeps, client: WebClient, userId: string, target: ModalTarget, form: { key: string; revision: number | null; openedAt?: string | null }, decision: Decision, ticked: Set<number>, note: string | null) {
  const actor = await deps.identify(client, userId);
  const result = await submitDecision(deps.ctx, { changeId: target.changeId, seenHeadSha: target.headSha, decision, ticked, note, form }, actor, deps.clock.now());
  if (result.kind === 'recorded') deps.onDecided(actor);
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
