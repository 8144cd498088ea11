import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../app/ports.js';
import type { BotFramework, TurnLogic } from './bot-framework.js';

export const TEAMS_MESSAGES_PATH = '/api/messages';

/** Bot Framework activities are small; cards carry a note of a few KB at most. */
const BODY_LIMIT = 256 * 1024;

/**
 * POST /api/messages: read a capped body, check it is an activity, authenticate the Bot
 * Connector's token, then run the turn. A bad token is a 401 whatever the SDK threw, and
 * nothing of the turn runs; a malformed body is a 400; our own failure is a 500.
 */
export function teamsMessagesRoute(bot: BotFramework, logic: TurnLogic, log: Logger): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const text = await readCapped(req, BODY_LIMIT);
    if (text === null) return reply(res, 413, { error: { code: 'too_large', message: `activity over ${BODY_LIMIT} bytes` } });
    let body: unknown;
    try { body = JSON.parse(text); } catch { return reply(res, 400, { error: { code: 'bad_json', message: 'the body is not JSON' } }); }
    if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
      return reply(res, 400, { error: { code: 'not_an_activity', message: 'expected a Bot Framework activity (a JSON object with a type)' } });
    }
    const header = req.headers.authorization ?? '';
    const received = await bot.receive(header, body as Record<string, unknown>, logic);
    if ('reason' in received) {
      log.warn({ reason: received.reason, type: (body as { type: string }).type }, 'Teams request refused: its token did not authenticate');
      return reply(res, 401, { error: { code: 'unauthorized', message: 'the Bot Framework token was missing or invalid' } });
    }
    reply(res, received.status, received.body);
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) return void res.writeHead(status).end();
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The body as text, or null once it passes `limit` bytes (the rest is drained, not kept). */
async function readCapped(req: IncomingMessage, limit: number): Promise<string | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) { req.resume(); return null; }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size > limit ? null : Buffer.concat(chunks).toString('utf8');
}
