import type { Clock } from '../../app/ports.js';
import type { AppContext } from '../../app/context.js';
import { runCommand } from '../../app/run-command.js';
import { parseCommand } from '../../domain/command.js';
import type { InvokeAnswer, InboundActivity } from './wire.js';
import type { Turn, TurnLogic } from './bot-framework.js';
import { commandText } from './commands.js';
import { teamsActor, type TeamsIdentitySettings } from './identity.js';
import { renderQueryAnswer } from './render/index.js';

export interface TeamsTurnDeps {
  ctx: AppContext;
  clock: Clock;
  identity: TeamsIdentitySettings;
  /** A decision was recorded: deliver its side effects soon. */
  onDecided: () => void;
}

/**
 * What Countersign does with each authenticated activity. Messages are commands (an
 * @mention in a channel, anything in personal chat); card buttons arrive as invokes.
 */
export function teamsTurn(deps: TeamsTurnDeps): TurnLogic {
  return async (activity, turn) => {
    if (activity.type === 'message') return void (await onMessage(deps, activity, turn));
    if (activity.type === 'invoke') return onInvoke(activity);
    return undefined;
  };
}

async function onMessage(deps: TeamsTurnDeps, activity: InboundActivity, turn: Turn): Promise<void> {
  if (activity.from.id.startsWith('28:')) return; // another bot
  const actor = await teamsActor(deps.ctx.policy, deps.identity, activity, turn.member);
  const command = parseCommand(commandText(activity));
  const now = deps.clock.now();
  const answer = await runCommand(deps.ctx, command, actor, now);
  if (command.kind !== 'help' && answer.kind === 'done') deps.onDecided();
  // A card answers in the conversation it was asked in (the thread, or the personal chat).
  await turn.reply({ card: renderQueryAnswer(answer, { now: now.toISOString() }) });
}

/** Card buttons (Action.Execute). Answered within Teams' invoke deadline: nothing slow happens here. */
function onInvoke(activity: InboundActivity): InvokeAnswer {
  if (activity.name !== 'adaptiveCard/action') return { status: 501, body: undefined };
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'This card is not ready for actions yet.' } };
}
