// A minimal stand-in for Slack's Web API, for scripts/bench/slack-ack.mjs. It answers
// every method at once with { ok: true, … } (auth.test, chat.postMessage, chat.update,
// views.open, chat.postEphemeral, views.publish, conversations.history: empty; any other
// method: { ok: true }), counts calls per method, and keeps the last few
// chat.postMessage bodies so the benchmark can read the buttons Countersign posted.
//
//   POST /api/<method>        the Web API (web-api 8 sends form-encoded bodies, nested fields as JSON)
//   GET  /_bench/stats        { counts: { method: n } }
//   GET  /_bench/posted       the recorded chat.postMessage arguments, blocks decoded
//
// Prints one JSON line { msg: 'listening', url, apiUrl } on stdout when ready.
import { createServer } from 'node:http';

const TEAM = 'T0BENCH001';
const BOT_USER = 'U0BENCHBOT';
const BOT_ID = 'B0BENCHBOT';
const counts = Object.create(null);
const posted = [];
let seq = 0;

const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;

function parseArgs(req, raw) {
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('json')) return raw ? JSON.parse(raw) : {};
  const args = Object.fromEntries(new URLSearchParams(raw));
  for (const key of ['blocks', 'attachments', 'metadata', 'view']) {
    if (typeof args[key] === 'string') try { args[key] = JSON.parse(args[key]); } catch { /* leave as sent */ }
  }
  return args;
}

function answer(method, req, raw) {
  switch (method) {
    case 'auth.test':
      return { ok: true, url: 'https://bench.slack.test/', team: 'Bench', user: 'countersign', team_id: TEAM, user_id: BOT_USER, bot_id: BOT_ID, is_enterprise_install: false };
    case 'chat.postMessage': {
      const args = parseArgs(req, raw);
      const ts = nextTs();
      posted.push({ ...args, ts });
      if (posted.length > 20) posted.shift();
      return { ok: true, channel: args.channel, ts, message: { type: 'message', ts, text: args.text ?? '', user: BOT_USER, bot_id: BOT_ID } };
    }
    case 'chat.update': {
      // Only the two ids are echoed: no need to decode the blocks.
      const args = new URLSearchParams(raw);
      return { ok: true, channel: args.get('channel'), ts: args.get('ts'), text: '' };
    }
    case 'chat.postEphemeral':
      return { ok: true, message_ts: nextTs() };
    case 'views.open':
    case 'views.publish':
    case 'views.update':
    case 'views.push':
      return { ok: true, view: { id: `V${String(++seq).padStart(9, '0')}`, hash: `${Date.now()}.bench` } };
    case 'conversations.history':
    case 'conversations.replies':
      return { ok: true, messages: [], has_more: false, response_metadata: { next_cursor: '' } };
    default:
      return { ok: true };
  }
}

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path.startsWith('/_bench/')) {
    req.resume();
    const body = path === '/_bench/stats' ? { counts } : path === '/_bench/posted' ? { posted } : null;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? { error: 'not_found' }));
    return;
  }
  const method = path.startsWith('/api/') ? path.slice('/api/'.length) : path.slice(1);
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    counts[method] = (counts[method] ?? 0) + 1;
    let body;
    try {
      body = answer(method, req, Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      body = { ok: false, error: 'invalid_arguments', detail: String(error) };
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  console.log(JSON.stringify({ msg: 'listening', url, apiUrl: `${url}/api/` }));
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
