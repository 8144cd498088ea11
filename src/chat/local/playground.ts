import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { claimChange, runCommand, submitDecision, submitExplanation } from '../../app/door.js';
import { EXPLANATION_QUESTIONS } from '../../domain/accountability/explanation.js';
import { NOTE_MAX } from '../../app/decision-form.js';
import type { AppContext } from '../../app/context.js';
import { chatDestinations } from '../../app/effects.js';
import type { Actor } from '../../app/identity.js';
import { localConversationsIn } from '../../app/local-conversations.js';
import type { Clock } from '../../app/ports.js';
import { parseCommand } from '../../domain/command.js';
import type { Decision } from '../../domain/signoff-state.js';
import { PlaygroundAccess, refuse, type AccessOptions } from './access.js';
import { directConversation, LocalChatPort } from './port.js';
import { ICON, SCRIPT, STYLE } from './render/assets.js';
import { html, type Html } from './render/html.js';
import { label, playgroundPage, type PersonChoice } from './render/page.js';
import { queryAnswer } from './render/query-answer.js';
import type { FormContext } from './render/review-request.js';

const PLAYGROUND_PATHS = { page: '/', act: '/playground/act', command: '/playground/command', version: '/playground/version', style: '/playground/style.css', script: '/playground/app.js', icon: '/favicon.ico' } as const;

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface Playground {
  port: LocalChatPort;
  /** The token a browser presents (see PlaygroundAccess). */
  accessToken: string;
  routes: { method: string; path: string; handler: Handler }[];
}

export interface PlaygroundOptions extends AccessOptions {
  ctx: AppContext;
  clock: Clock;
  /** A decision was recorded: deliver its side effects now. */
  onDecided: () => void;
}

const MAX_FORM_BYTES = 64 * 1024;
/** Answers wait here between the POST and the page it redirects to, and through its redraws. */
const MAX_ANSWERS = 200;
const ANSWER_TTL_MS = 10 * 60_000;

/**
 * The local playground: Countersign's third chat platform, a web page on the shared
 * listener. Buttons and the command box call the same `app/` use cases as Slack, as
 * the configured person chosen in the page's picker; what the bot "posts" arrives
 * through the outbox and the LocalChatPort. Posts redirect back (303) so a reload
 * never submits twice; the answer is shown to the person who acted, in the page the
 * redirect leads to, for as long as they stay on it (the page redraws itself).
 */
export function createPlayground(options: PlaygroundOptions): Playground {
  const { ctx, clock } = options;
  const access = new PlaygroundAccess(options);
  const conversations = localConversationsIn(ctx.store);
  const port = new LocalChatPort(conversations, clock);
  const answers = new Map<string, { html: Html; until: number }>();

  // Kept for a while rather than shown once: the page redraws itself when messages arrive.
  const keep = (answer: Html): string => {
    const id = randomUUID();
    answers.set(id, { html: answer, until: Date.now() + ANSWER_TTL_MS });
    if (answers.size > MAX_ANSWERS) answers.delete(answers.keys().next().value!);
    return id;
  };
  const answerFor = (id: string | null): Html | null => {
    const kept = id ? answers.get(id) : undefined;
    if (!kept || kept.until < Date.now()) return null;
    return kept.html;
  };
  /** The configured person the page acts as; null for anyone else, who may not act at all. */
  const actorFor = (login: string): Actor | null => {
    const person = ctx.policy.people.find((p) => p.github.toLowerCase() === login.toLowerCase());
    return person ? { platform: 'local', id: person.github, person, isBot: false } : null;
  };
  const formFor = (actingAs: string | null, channel: string): FormContext =>
    ({ csrf: access.formToken, actingAs, channel, attestations: ctx.config.signoff.attestations, formToken: () => randomUUID(), shownAt: clock.now().toISOString() });
  const backTo = (res: ServerResponse, form: URLSearchParams, answer: Html) => {
    const q = new URLSearchParams({ channel: form.get('channel') ?? '', as: form.get('as') ?? '', answer: keep(answer) });
    res.writeHead(303, { location: `/?${q}` }).end();
  };

  const page: Handler = async (req, res) => {
    const url = requestUrl(req);
    if (!access.admit(req, res, url)) return;
    const people = peopleChoices(ctx);
    const asked = url.searchParams.get('as');
    const actingAs = people.find((p) => p.github.toLowerCase() === asked?.toLowerCase())?.github ?? people[0]?.github ?? null;
    const stored = await conversations.list();
    const teamChannels = ctx.config.teams.flatMap((t) => chatDestinations(t, ctx.config).filter((d) => d.platform === 'local').map((d) => d.channel));
    const names = [...new Set([...teamChannels, ...stored.map((s) => s.conversation).filter((c) => !c.startsWith('@')), ...(actingAs ? [directConversation(actingAs)] : [])])];
    const channel = url.searchParams.get('channel') || names[0] || 'local';
    const answer = answerFor(url.searchParams.get('answer'));
    const body = playgroundPage({
      people, form: formFor(actingAs, channel), answer, version: await conversations.version(), now: clock.now().toISOString(),
      channels: names.map((name) => ({ name, label: label(name), messages: stored.find((s) => s.conversation === name)?.messages ?? 0 })),
      messages: await conversations.messages(channel),
      hints: hintsFor(ctx, people),
    });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS }).end(body.value);
  };

  /** A form post: admitted, read, and proven to come from our own page before it is handled. */
  const formPost = (handle: (form: URLSearchParams, actor: Actor, res: ServerResponse) => Promise<void>): Handler => async (req, res) => {
    if (!access.admit(req, res, requestUrl(req))) return;
    const form = await readForm(req, res);
    if (!form) return;
    if (!access.formIsOurs(req, form)) return void refuse(res, 403, 'This form did not come from the playground page; reload it and try again.');
    // Checked before anything is written: only configured people act here, and nothing else reaches the audit trail.
    const actor = actorFor(form.get('as') ?? '');
    if (!actor) return void refuse(res, 400, `"${(form.get('as') ?? '').slice(0, 40)}" is not a configured person; choose one in the page's picker.`);
    if ((form.get('note') ?? '').length > NOTE_MAX || (form.get('text') ?? '').length > NOTE_MAX) return void refuse(res, 400, `Keep notes and commands under ${NOTE_MAX} characters.`);
    await handle(form, actor, res);
  };

  const act = formPost(async (form, actor, res) => {
    const changeId = Number(form.get('change'));
    const headSha = form.get('head') ?? '';
    const decision = form.get('decision') ?? '';
    const now = clock.now();
    if (!Number.isSafeInteger(changeId)) return void refuse(res, 400, 'The form names no change.');
    if (decision === 'claim') {
      const outcome = await claimChange(ctx, { changeId }, actor, now);
      if (outcome.kind === 'done') options.onDecided();
      return backTo(res, form, html`<p class="${outcome.kind}">${outcome.message}</p>`);
    }
    if (decision === 'explain') {
      const answers = Object.fromEntries(EXPLANATION_QUESTIONS.map((q) => [q, (form.get(q) ?? '').slice(0, NOTE_MAX + 1)]));
      const result = await submitExplanation(ctx, changeId, answers, actor, now);
      if (result.kind === 'recorded') options.onDecided();
      return backTo(res, form, result.kind === 'recorded' ? html`<p class="done">Your explanation is on the request and the check.</p>` : html`<p class="error">${result.reason}</p>`);
    }
    if (!isDecision(decision)) return void refuse(res, 400, `Unknown decision "${decision}".`);
    const revision = Number(form.get('revision'));
    const binding = { key: `local:form:${form.get('form') ?? ''}`, revision: Number.isSafeInteger(revision) && form.get('revision') ? revision : null, openedAt: openedAt(form, now) };
    if (!form.get('form')) return void refuse(res, 400, 'The form carries no form token; reload the page and try again.');
    const result = await submitDecision(ctx, { changeId, seenHeadSha: headSha, decision, ticked: new Set(form.getAll('attest').map(Number)), note: form.get('note'), form: binding }, actor, now);
    if (result.kind === 'recorded') options.onDecided();
    backTo(res, form, result.kind === 'recorded'
      ? html`<p class="done">Recorded: ${DONE[decision]} ${result.subject} at <code>${headSha.slice(0, 7)}</code> (${result.approvals} of ${result.required} sign-offs).</p>`
      : html`<p class="${result.kind === 'unchanged' ? 'done' : 'error'}">${result.reason}</p>`);
  });

  const command = formPost(async (form, actor, res) => {
    const now = clock.now();
    const parsed = parseCommand(form.get('text') ?? '');
    const answer = await runCommand(ctx, parsed, actor, now);
    if (parsed.kind !== 'help' && answer.kind === 'done') options.onDecided();
    backTo(res, form, queryAnswer(answer, now.toISOString(), formFor(form.get('as'), form.get('channel') ?? '')));
  });

  const asset = (type: string, text: string): Handler => async (req, res) => {
    if (!access.admit(req, res, requestUrl(req))) return;
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', ...SECURITY_HEADERS }).end(text);
  };
  const version: Handler = async (req, res) => {
    if (!access.admit(req, res, requestUrl(req))) return;
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end(await conversations.version());
  };

  return {
    port,
    accessToken: options.accessToken,
    routes: [
      { method: 'GET', path: PLAYGROUND_PATHS.page, handler: page },
      { method: 'POST', path: PLAYGROUND_PATHS.act, handler: act },
      { method: 'POST', path: PLAYGROUND_PATHS.command, handler: command },
      { method: 'GET', path: PLAYGROUND_PATHS.version, handler: version },
      { method: 'GET', path: PLAYGROUND_PATHS.style, handler: asset('text/css; charset=utf-8', STYLE) },
      { method: 'GET', path: PLAYGROUND_PATHS.script, handler: asset('text/javascript; charset=utf-8', SCRIPT) },
      { method: 'GET', path: PLAYGROUND_PATHS.icon, handler: asset('image/svg+xml', ICON) },
    ],
  };
}

/** No inline script or style, no framing, forms only to ourselves: user text can never run. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const DONE: Record<Decision, string> = { approve: 'you signed off', request_changes: 'you requested changes on', revoke: 'you revoked your sign-off on', override: 'you overrode the sign-off of' };

/** The request's path and query (the host is not trusted here; access checks it). */
function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://playground');
}

/**
 * When the sign-off form was unfolded: the time the page was drawn plus the page's own
 * count of milliseconds until then; null when either is missing or the sum is not in
 * the past. The playground trusts its page as it trusts its person picker.
 */
function openedAt(form: URLSearchParams, now: Date): string | null {
  const shown = Date.parse(form.get('shown') ?? '');
  const count = form.get('opened_ms') ?? '';
  const after = Number(count);
  // Empty: the page's script never saw the form unfold (no script, or an older page).
  if (Number.isNaN(shown) || count.trim() === '' || !Number.isSafeInteger(after) || after < 0) return null;
  const opened = shown + after;
  return opened <= now.getTime() ? new Date(opened).toISOString() : null;
}

function isDecision(value: string): value is Decision {
  return value in DONE;
}

function peopleChoices(ctx: AppContext): PersonChoice[] {
  return ctx.config.people.map((p) => {
    const login = p.github.toLowerCase();
    const roles = ctx.config.teams.flatMap((t) => [
      ...(t.seniors.some((s) => s.toLowerCase() === login) ? [`senior in ${t.name}`] : []),
      ...(t.leads.some((s) => s.toLowerCase() === login) ? [`lead of ${t.name}`] : []),
      ...(t.members.some((s) => s.toLowerCase() === login) ? [`member of ${t.name}`] : []),
    ]);
    return { github: p.github, roles: roles.join(', ') || 'in no team' };
  });
}

function hintsFor(ctx: AppContext, people: PersonChoice[]): string[] {
  const hints: string[] = [];
  if (people.length === 0) hints.push('No people are configured, so nobody can sign off here yet. Run "countersign init" to write a config with your teams, or "npm run demo" to try the sample teams.');
  if (ctx.config.teams.length === 0) hints.push('No teams are configured: review requests need an owning team (CODEOWNERS or ownership.repos).');
  return hints;
}

async function readForm(req: IncomingMessage, res: ServerResponse): Promise<URLSearchParams | null> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    req.resume();
    refuse(res, 415, 'Send the form as application/x-www-form-urlencoded.');
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) {
      refuse(res, 413, 'The form is too large.');
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
