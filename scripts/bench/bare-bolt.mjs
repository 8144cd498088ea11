// The baseline for scripts/bench/slack-ack.mjs: the least a Bolt app can do for the
// Sign off button. The same Bolt version and receiver as Countersign (HTTPReceiver,
// POST /slack/events, same signing secret, same fake Web API), no database, no logging
// per request; the handler acks, then opens a modal as Countersign does.
// Usage: node bare-bolt.mjs   with SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL set.
// Prints one JSON line { msg: 'listening', url } on stdout when ready.
import bolt from '@slack/bolt';

const { App, HTTPReceiver, LogLevel } = bolt;
const apiUrl = process.env.SLACK_API_URL ?? 'https://slack.com/api/';

const receiver = new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET, endpoints: '/slack/events', unhandledRequestTimeoutMillis: 3001 });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  logLevel: LogLevel.WARN,
  clientOptions: { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`, retryConfig: { retries: 0 } },
});

const statements = ['I read the whole diff', 'I understand this change well enough to explain it', 'Tests cover the behaviour it changes'];

app.action('countersign_signoff', async ({ ack, body, action, client }) => {
  await ack();
  await client.views.open({
    trigger_id: body.trigger_id,
    view: {
      type: 'modal', callback_id: 'countersign_signoff_modal', private_metadata: action.value ?? '',
      title: { type: 'plain_text', text: 'Sign off' }, submit: { type: 'plain_text', text: 'Sign off' }, close: { type: 'plain_text', text: 'Cancel' },
      blocks: [
        { type: 'input', block_id: 'attest', label: { type: 'plain_text', text: 'I attest that' },
          element: { type: 'checkboxes', action_id: 'boxes', options: statements.map((text, i) => ({ text: { type: 'plain_text', text }, value: String(i) })) } },
        { type: 'input', block_id: 'note', optional: true, label: { type: 'plain_text', text: 'Note' },
          element: { type: 'plain_text_input', action_id: 'value', multiline: true } },
      ],
    },
  });
});
app.error(async (error) => { console.error(JSON.stringify({ msg: 'handler failed', err: String(error) })); });

const server = await app.start(0);
console.log(JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${server.address().port}` }));
process.once('SIGTERM', () => { void app.stop().finally(() => process.exit(0)); });
