import { randomUUID } from 'node:crypto';
import { runCommand } from '../../app/door.js';
import { parseCommand } from '../../domain/command.js';
import type { InvokeAnswer, InboundActivity } from './wire.js';
import type { Turn, TurnLogic } from './bot-framework.js';
import { commandText } from './commands.js';
import { learnFrom } from './installs.js';
import { teamsActor } from './identity.js';
import { renderQueryAnswer } from './render/index.js';
import { onCardClick } from './invokes.js';
import type { TeamsTurnDeps } from './deps.js';


/**
 * What Countersign does with each authenticated activity. Messages are commands (an
 * @mention in a channel, anything in personal chat); card buttons arrive as invokes.
 */
export function teamsTurn(deps: TeamsTurnDeps): TurnLogic {
  return async (activity, turn) => {
    // Any authenticated activity may tell where the app now is; what waited for it may go.
    if (await learnFrom(deps.state, activity, turn)) deps.onDecided();
    if (activity.type === 'message') return void (await onMessage(deps, activity, turn));
    if (activity.type === 'invoke') return onInvoke(deps, activity, turn);
    return undefined;
  };
}

async function onMessage(deps: TeamsTurnDeps, activity: InboundActivity, turn: Turn): Promise<void> {
  if (activity.from.id.startsWith('28:')) return; // another bot
  const actor = await teamsActor(deps.ctx.policy, deps.identity, activity, turn.member);
  // An older client pressed the Action.Submit fallback of a card button: the same click, answered in the conversation.
  const submitted = activity.value as { verb?: unknown } | null;
  if (submitted && typeof submitted === 'object' && typeof submitted.verb === 'string') {
    const { verb, ...data } = submitted as Record<string, unknown> & { verb: string };
    const reply = await onCardClick(deps, { verb, data, trigger: 'manual', clickId: activity.id ?? randomUUID() }, actor);
    await turn.reply('card' in reply ? { card: reply.card } : { text: reply.message });
    return;
  }
  const command = parseCommand(commandText(activity));
  const now = deps.clock.now();
  const answer = await runCommand(deps.ctx, command, actor, now);
  if (command.kind !== 'help' && answer.kind === 'done') deps.onDecided();
  // A card answers in the conversation it was asked in (the thread, or the personal chat).
  await turn.reply({ card: renderQueryAnswer(answer, { now: now.toISOString() }) });
}

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';

/** Card buttons (Action.Execute), answered within Teams' invoke deadline: nothing slow happens here. */
async function onInvoke(deps: TeamsTurnDeps, activity: InboundActivity, turn: Turn): Promise<InvokeAnswer> {
  if (activity.name !== 'adaptiveCard/action') return { status: 501, body: undefined };
  const value = (activity.value ?? {}) as { action?: { type?: string; verb?: unknown; data?: unknown }; trigger?: unknown };
  if (value.action?.type !== 'Action.Execute' || typeof value.action.verb !== 'string') {
    return { status: 400, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'expected an Action.Execute with a verb' } } };
  }
  const data = typeof value.action.data === 'object' && value.action.data !== null ? value.action.data as Record<string, unknown> : {};
  const trigger = value.trigger === 'automatic' ? 'automatic' : 'manual';
  const actor = await teamsActor(deps.ctx.policy, deps.identity, activity, turn.member);
  // A replayed press carries the same form key (or press id): the door records it once.
  const reply = await onCardClick(deps, { verb: value.action.verb, data, trigger, clickId: activity.id ?? randomUUID() }, actor);
  return { status: 200, body: 'card' in reply ? { statusCode: 200, type: CARD, value: reply.card } : { statusCode: 200, type: MESSAGE, value: reply.message } };
}
