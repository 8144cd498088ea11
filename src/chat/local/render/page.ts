import type { AlertView, ReviewRequestView, ThreadNoticeView } from '../../../app/views.js';
import type { DigestView } from '../../../domain/digest.js';
import type { LocalMessage } from '../../../app/local-conversations.js';
import { digestCard } from './digest.js';
import { html, type Html } from './html.js';
import { alertCard, threadNotice } from './notices.js';
import { hiddenFields, reviewRequestCard, type FormContext } from './review-request.js';

export interface PersonChoice {
  github: string;
  /** "senior in payments, lead of platform" */
  roles: string;
}

export interface PageInput {
  people: PersonChoice[];
  /** Team channels, then the acting person's direct messages. */
  channels: { name: string; label: string; messages: number }[];
  messages: LocalMessage[];
  form: FormContext;
  /** The answer to the last command or button press, shown to the acting person only. */
  answer: Html | null;
  version: string;
  /** When the page is drawn (ISO): requests show how long they have waited until now, not until they were posted. */
  now: string;
  /** Shown above the messages (no people configured, how to feed it). */
  hints: string[];
}

/** The whole playground page: header with the person picker, channels, messages with threads, command box. */
export function playgroundPage(input: PageInput): Html {
  const { form } = input;
  const replies = new Map<number, LocalMessage[]>();
  for (const m of input.messages) if (m.thread_of !== null) replies.set(m.thread_of, [...(replies.get(m.thread_of) ?? []), m]);
  const top = input.messages.filter((m) => m.thread_of === null);
  const query = (channel: string) => `/?channel=${encodeURIComponent(channel)}${form.actingAs ? `&as=${encodeURIComponent(form.actingAs)}` : ''}`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Countersign playground</title><link rel="icon" href="/favicon.ico" type="image/svg+xml"><link rel="stylesheet" href="/playground/style.css"></head>
<body data-version="${input.version}">
<header><h1>Countersign playground</h1><span>the local chat: every click goes through the same sign-off, outbox and audit trail as Slack</span>
<form method="get" action="/"><input type="hidden" name="channel" value="${form.channel}"><label>Acting as
<select name="as">${input.people.length === 0 ? html`<option value="">nobody configured</option>` : ''}${input.people.map((p) =>
    html`<option value="${p.github}"${p.github === form.actingAs ? html` selected` : ''}>${p.github} (${p.roles})</option>`)}</select></label>
<noscript><button type="submit">Switch</button></noscript></form></header>
<div class="layout"><nav><h2>Channels</h2>${input.channels.filter((c) => !c.name.startsWith('@')).map((c) => navLink(c, form.channel, query))}
<h2>Direct messages</h2>${input.channels.filter((c) => c.name.startsWith('@')).map((c) => navLink(c, form.channel, query))}</nav>
<main>
${input.hints.map((h) => html`<p class="hint">${h}</p>`)}
<form method="post" action="/playground/command" class="command">${hiddenFields(form)}<label for="command">/signoff</label>
<input id="command" name="text" placeholder="pending · mine · show acme/api#12 · why acme/api#12 · audit acme/api#12 · help" autocomplete="off"><button type="submit">Send</button></form>
${input.answer ? html`<section class="answer" data-testid="answer">${input.answer}</section>` : ''}
${top.length === 0 ? html`<p class="empty">Nothing in ${label(form.channel)} yet.</p>` : top.map((m) => message(m, replies.get(m.id) ?? [], form, input.now))}
</main></div>
<script src="/playground/app.js"></script>
</body></html>`;
}

function navLink(c: { name: string; label: string; messages: number }, current: string, query: (channel: string) => string): Html {
  // The count says what it counts: "(6)" beside a channel name explained nothing.
  const count = `${c.messages} message${c.messages === 1 ? '' : 's'}`;
  return html`<a href="${query(c.name)}"${c.name === current ? html` class="current"` : ''}>${c.label} <small data-testid="count-${c.name}">${count}</small></a>`;
}

export function label(conversation: string): string {
  return conversation.startsWith('@') ? conversation : `#${conversation}`;
}

function message(m: LocalMessage, thread: LocalMessage[], form: FormContext, now: string): Html {
  const body = JSON.parse(m.body) as unknown;
  const card = m.kind === 'review_request' ? reviewRequestCard({ ...(body as ReviewRequestView), renderedAt: now }, form)
    : m.kind === 'digest' ? digestCard(body as DigestView)
      : m.kind === 'alert' ? alertCard(body as AlertView, form)
        : html`<ul class="thread">${threadNotice(body as ThreadNoticeView)}</ul>`;
  return html`<div class="message" id="m${m.id}">${card}${thread.length > 0
    ? html`<ul class="thread" data-testid="thread">${thread.map((r) => threadNotice(JSON.parse(r.body) as ThreadNoticeView))}</ul>` : ''}</div>`;
}
