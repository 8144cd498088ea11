import { describe, expect, it } from 'vitest';
import { NOTICE_LINES } from '../../src/app/notice-wording.js';
import type { NoticeKind, ThreadNoticeView } from '../../src/app/views.js';
import { threadNotice } from '../../src/chat/local/render/notices.js';
import { renderThreadNotice as slackNotice } from '../../src/chat/slack/render/thread-notice.js';
import { renderThreadNotice as teamsNotice } from '../../src/chat/teams/render/notices.js';

// A thread notice says the same words wherever the team reads it: Slack, Teams or the
// playground only add their own emphasis, emoji and code formatting around them.
const KINDS = Object.keys(NOTICE_LINES) as NoticeKind[];
const HEAD = 'def5678aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const OLD = 'abc1234bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

const view = (kind: NoticeKind, actor: string | null): ThreadNoticeView =>
  ({ changeId: 1, kind, actor, headSha: HEAD, previousSha: OLD, note: null, approvals: 1, requiredSignoffs: 2 });
const expected = (kind: NoticeKind, actor: string | null) =>
  NOTICE_LINES[kind]({ actor, at: 'def5678', count: '1 of 2', previous: 'abc1234' });

const slackWords = (v: ThreadNoticeView) => slackNotice(v).text
  .replace(/^:[a-z0-9_]+: /, '').replace(/[*`]/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const teamsWords = (v: ThreadNoticeView) => {
  const runs: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'TextRun' && typeof o.text === 'string') runs.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(teamsNotice(v));
  return runs.join('').replace(/\u200B/g, '');
};
const playgroundWords = (v: ThreadNoticeView) => threadNotice(v).value
  .replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe('thread notices read the same on every platform', () => {
  // An empty name reads as no name everywhere.
  for (const actor of ['alice', null, '', '<!channel> & <at>Sam</at>']) {
    it.each(KINDS)(`%s (actor ${JSON.stringify(actor)})`, (kind) => {
      const want = expected(kind, actor || null);
      expect(slackWords(view(kind, actor))).toBe(want);
      expect(teamsWords(view(kind, actor))).toBe(want);
      expect(playgroundWords(view(kind, actor))).toBe(want);
    });
  }

  it('a hostile actor stays text on every platform', () => {
    const hostile = view('approved', '<!channel> <script>x</script>');
    expect(slackNotice(hostile).text).not.toContain('<!channel>');
    expect(threadNotice(hostile).value).not.toContain('<script>');
  });
});
