import type { TestApp } from './app.js';
import type { FakeSlack } from './fake-slack.js';
import { blockActionRequest, sendToSlackEndpoint, slashCommandRequest, viewSubmissionRequest } from './slack-requests.js';

/** Slack acks first and acts after: wait (briefly) for what follows the ack. */
export async function eventually<T>(read: () => T | Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  return read();
}

export const actionButtons = (blocks: any[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);

/** A person working a team channel through the real Bolt app: clicks, modals and `/signoff`. */
export function slackUser(app: TestApp, slack: FakeSlack, channel: string) {
  return {
    /** Click a button on the channel's first review request, as it reads now; wait for its modal. */
    async click(user: string, actionId: string) {
      const message = slack.messages(channel)[0]!;
      const button = actionButtons(message.blocks ?? []).find((b: any) => b.action_id === actionId);
      const opened = slack.calls('views.open').length;
      const response = await sendToSlackEndpoint(app.url, blockActionRequest({ user, channel, messageTs: message.ts, actionId, value: button?.value }));
      if (response.status === 200) await eventually(() => slack.calls('views.open').length, (n) => n > opened);
      return response;
    },
    /** Submit the last opened modal with every box ticked and `values` for its other inputs. */
    async submit(user: string, values: Record<string, Record<string, unknown>> = {}) {
      const view = slack.calls('views.open').at(-1)!.args.view;
      const attest = view.blocks.find((b: any) => b.block_id === 'attest');
      const all = { ...(attest ? { attest: { boxes: attest.element.options.map((o: any) => o.value) } } : {}), ...values };
      return sendToSlackEndpoint(app.url, viewSubmissionRequest({ user, callbackId: view.callback_id, privateMetadata: view.private_metadata, values: all as any }));
    },
    /** `/signoff <text>`: the ephemeral answer as text. */
    async command(user: string, text: string): Promise<string> {
      const response = await sendToSlackEndpoint(app.url, slashCommandRequest({ user, channel, text }));
      return JSON.stringify(response.json);
    },
    /** The last private refusal shown to `user`. */
    async lastEphemeral(user: string): Promise<string> {
      const calls = await eventually(() => slack.calls('chat.postEphemeral').filter((c) => c.args.user === user), (c) => c.length > 0);
      const last = calls.at(-1);
      return last ? `${last.args.text} ${JSON.stringify(last.args.blocks)}` : '';
    },
  };
}
