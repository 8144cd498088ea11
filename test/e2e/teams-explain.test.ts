import { describe, expect, it } from 'vitest';
import { CHECK_NAME } from '../../src/app/ports.js';
import { WEBHOOK_SECRET } from '../support/app.js';
import { ALL_TICKED, AUTHOR, executeInvoke, installedInTeam, SENIOR, TEAMS, teamsAppPerTest, TEAMS_CONFIG, type TeamsUser } from '../support/teams.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const REPO = 'Codertocat/Hello-World';
// Every change of the team needs the author's explanation before a senior signs.
const CONFIG = TEAMS_CONFIG.replace('    leads: [lead]\n', '    leads: [lead]\n    explanation: all\n');
const ANSWERS = { explain_what: 'Adds refunds <at>Sam Senior</at>.', explain_verified: 'Refunded a sandbox order.', explain_risks: 'Partial refunds round down.' };

const env = teamsAppPerTest(CONFIG);
const head = 'a'.repeat(40);

async function openPullRequest() {
  expect((await env.app.send(installedInTeam(env.app.connector.serviceUrl))).status).toBe(200);
  env.github.addPull(REPO, {
    number: 2, base: { ref: 'master', sha: 'b'.repeat(40) }, head: { ref: 'feature', sha: head },
    commits: [{ sha: head, message: 'Add refunds\n\nCo-Authored-By: Claude <noreply@anthropic.com>', author: { name: 'Coder Tocat', email: 'c@acme.test', login: 'Codertocat' } }],
    files: [{ filename: 'billing/refunds.ts', additions: 12, deletions: 3 }],
  });
  await sendWebhook(env.app.url, { event: 'pull_request', payload: pullRequestPayload('opened', { number: 2, sha: head, title: 'Refunds' }), secret: WEBHOOK_SECRET });
  await env.app.worker.drain();
  await env.app.dispatcher.drain();
}

const cardOf = (activity: any) => activity.attachments?.[0]?.content;
const texts = (card: any): string => JSON.stringify(card);
const root = () => env.app.connector.messages.find((m) => m.conversationId === `${TEAMS.channel};messageid=${m.id}`)!;
const personal = (user: TeamsUser) => `a:personal-${user.id}`;
const buttons = (card: any): any[] => card.body.filter((b: any) => b.type === 'ActionSet').flatMap((b: any) => b.actions);

/** A press on a card, in the channel's request or in the person's chat with the bot, as Teams sends it. */
function press(verb: string, data: object, who: TeamsUser, where: 'channel' | 'personal' = 'channel') {
  const r = root();
  const invoke = executeInvoke(env.app.connector.serviceUrl, `${TEAMS.channel};messageid=${r.id}`, r.id, verb, data, who);
  if (where === 'channel') return env.app.send(invoke);
  const dm = env.app.connector.messages.filter((m) => m.conversationId === personal(who)).at(-1)!;
  return env.app.send({ ...invoke, replyToId: dm.id, conversation: { id: personal(who), conversationType: 'personal', tenantId: TEAMS.tenantId }, channelData: { tenant: { id: TEAMS.tenantId } } });
}

describe('Teams: Explain this change', () => {
  it('the author alone is offered the form (in the direct message asking for it and on their view of the request); the sign-off waits for it, then succeeds', async () => {
    await openPullRequest();
    const target = { changeId: 1, headSha: head };

    // The author is asked by direct message, with the button there.
    const asked = env.app.connector.messages.filter((m) => m.conversationId === personal(AUTHOR)).map((m) => cardOf(m.activity));
    expect(texts(asked)).toContain('Please explain your change');
    expect(buttons(asked.at(-1)).map((b) => b.verb ?? b.type)).toEqual(['openExplain', 'Action.OpenUrl']);
    // The request everyone sees offers no Explain; the author's own refreshed view does, and the senior's does not.
    expect(buttons(cardOf(root().activity)).map((b) => b.verb)).not.toContain('openExplain');
    expect(cardOf(root().activity).refresh.userIds).toEqual([SENIOR.id, AUTHOR.id]);
    const authorView = await press('refresh', target, AUTHOR);
    expect(buttons(authorView.body.value).map((b) => b.verb)).toEqual(['openExplain', undefined]);
    expect(buttons((await press('refresh', target, SENIOR)).body.value).map((b) => b.verb)).not.toContain('openExplain');

    // Before the explanation, a sign-off is refused with the reason.
    const refused = await press('signoff', { ...target, ...ALL_TICKED }, SENIOR);
    expect(refused.body.value).toMatch(/has not explained this change yet/);
    expect(env.github.checkRuns(REPO, head).filter((r) => r.name === CHECK_NAME).at(-1)!.output.summary).toContain('The author has not explained this change yet.');

    // Anyone else pressing Explain (a replayed card, a hand-made invoke) is refused, and audited.
    expect((await press('openExplain', target, SENIOR)).body.value).toMatch(/Only the author of this change/);
    expect((await press('explain', { ...target, ...ANSWERS }, SENIOR)).body.value).toMatch(/Only the author of this change/);

    // The author opens the form from the direct message: the same three questions.
    const form = await press('openExplain', target, AUTHOR, 'personal');
    const inputs = form.body.value.body.filter((b: any) => b.type === 'Input.Text');
    expect(inputs.map((i: any) => [i.id, i.label, i.isRequired])).toEqual([
      ['explain_what', 'What this changes', true], ['explain_verified', 'How I verified it', true], ['explain_risks', 'What could break', true],
    ]);
    const save = buttons(form.body.value).find((b) => b.verb === 'explain');
    expect(save.data).toEqual(target);
    // A placeholder is no answer: the form comes back with the reason and what was typed.
    const again = await press('explain', { ...save.data, ...ANSWERS, explain_verified: 'TODO' }, AUTHOR, 'personal');
    expect(texts(again.body.value)).toContain('Answer each question in your own words.');
    expect(texts(again.body.value)).toContain('Partial refunds round down.');

    const saved = await press('explain', { ...save.data, ...ANSWERS }, AUTHOR, 'personal');
    expect(texts(saved.body.value)).toContain('Refunded a sandbox order.');
    await env.app.dispatcher.drain();
    // The request, its thread and the check show it; user text stays inert.
    expect(texts(cardOf(root().activity))).toContain('Refunded a sandbox order.');
    expect(texts(cardOf(root().activity))).not.toContain('<at>Sam');
    expect(env.github.checkRuns(REPO, head).filter((r) => r.name === CHECK_NAME).at(-1)!.output.summary).toContain('Refunded a sandbox order');
    const trail = await env.app.ctx.store.db.selectFrom('audit_events').select(['action', 'actor', 'details']).orderBy('seq').execute();
    expect(trail.filter((e) => e.action === 'explanation_refused')).toHaveLength(1);
    expect(JSON.parse(trail.find((e) => e.action === 'explanation_given')!.details)).toMatchObject({ source: 'chat', platform: 'teams', verified: 'Refunded a sandbox order.', head_sha: head });

    const signed = await press('signoff', { ...target, ...ALL_TICKED }, SENIOR);
    expect(texts(signed.body.value)).toContain('Signed off');
    expect((await env.app.ctx.store.db.selectFrom('changes').select('status').executeTakeFirstOrThrow()).status).toBe('signed_off');
  });
});
