import type { App } from '@slack/bolt';
import { homeView, runCommand } from '../../app/door.js';
import { parseCommand } from '../../domain/command.js';
import { renderHome, renderQueryAnswer } from './render/index.js';
import type { SlackDeps } from './deps.js';

/** `/signoff …` answers privately; App Home shows the viewer's queue. */
export function registerCommands(app: App, deps: SlackDeps): void {
  app.command('/signoff', async ({ ack, command, client }) => {
    try {
      const actor = await deps.identify(client, command.user_id);
      const parsed = parseCommand(command.text ?? '');
      const answer = await runCommand(deps.ctx, parsed, actor, deps.clock.now());
      if (parsed.kind !== 'help' && answer.kind === 'done') deps.onDecided(actor);
      await ack({ response_type: 'ephemeral', ...renderQueryAnswer(answer) });
    } catch (error) {
      deps.ctx.log.error({ err: error }, '/signoff failed');
      await ack({ response_type: 'ephemeral', text: 'Countersign could not answer that just now; please try again.' });
    }
  });

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(deps, client, event.user);
  });
}

export async function publishHome(deps: SlackDeps, client: Parameters<SlackDeps['identify']>[0], userId: string): Promise<void> {
  const actor = await deps.identify(client, userId);
  const view = await homeView(deps.ctx, actor.person, deps.clock.now());
  await client.views.publish({ user_id: userId, view: renderHome(view) });
}
