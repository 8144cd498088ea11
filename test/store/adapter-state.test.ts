import { beforeEach, describe, expect, it } from 'vitest';
import { adapterStateFor } from '../../src/app/adapter-state.js';
import type { ChatRef } from '../../src/app/ports.js';
import { createSlackClient } from '../../src/chat/slack/client.js';
import { SlackChatPort } from '../../src/chat/slack/port.js';
import type { Store } from '../../src/store/db.js';
import { migrateTo, migrateToLatest } from '../../src/store/migrate.js';
import { STORE_DATABASES, useFreshStore } from '../support/store-databases.js';
import { ManualClock } from '../support/app.js';
import { startFakeSlack } from '../support/fake-slack.js';
import { reviewRequestView } from '../support/views.js';

describe.each(STORE_DATABASES)('adapter state and chat references on %s', (_, fresh) => {
  const current = useFreshStore(fresh);
  let store: Store;
  beforeEach(() => { store = current(); });

  it('keeps each platform\'s values apart, replaces, lists by prefix and forgets', async () => {
    await migrateToLatest(store.db, store.flavor);
    const clock = new ManualClock();
    const teams = adapterStateFor(store, 'teams', clock);
    const slack = adapterStateFor(store, 'slack', clock);
    await teams.put('conversation:19:abc', { serviceUrl: 'https://smba.example/emea/', tenant: 't1' });
    await teams.put('conversation:19:abd', { serviceUrl: 'https://smba.example/amer/', tenant: 't1' });
    await teams.put('installed:t1', true);
    await slack.put('conversation:19:abc', 'slack keeps its own');
    await teams.put('conversation:19:abc', { serviceUrl: 'https://smba.example/apac/', tenant: 't1' });

    expect(await teams.get('conversation:19:abc')).toEqual({ serviceUrl: 'https://smba.example/apac/', tenant: 't1' });
    expect(await slack.get('conversation:19:abc')).toBe('slack keeps its own');
    expect((await teams.list('conversation:')).map((e) => e.key)).toEqual(['conversation:19:abc', 'conversation:19:abd']);
    await teams.delete('conversation:19:abd');
    expect(await teams.get('conversation:19:abd')).toBeNull();
    expect(await teams.list('CONVERSATION:')).toEqual([]);
  });

  it('upgrades messages posted before references were the adapter\'s own: they are still updated in place', async () => {
    await migrateTo(store.db, store.flavor, '0003_local_messages');
    const slack = await startFakeSlack();
    try {
      slack.addChannel({ id: 'C0CORE', name: 'core' });
      const port = new SlackChatPort(createSlackClient({ token: 'xoxb-test', apiUrl: slack.apiUrl }));
      await port.postReviewRequest('C0CORE', reviewRequestView(), { key: 'review_request:1:core', retrying: false });
      const posted = slack.messages('C0CORE')[0]!.ts;
      const at = '2026-11-20T09:00:00.000Z';
      const { id } = await store.db.insertInto('changes').values({
        repo: 'acme/api', number: 1, installation_id: null, url: 'u', title: 't', author: 'a', head_sha: 'h', head_ref: 'r', base_ref: 'main', draft: 0,
        additions: 1, deletions: 0, changed_files: 1, ai_assisted: 1, signals: '[]', commits_read: 0, owning_teams: '[]', ownership: '{}', risk_tier: 'low',
        risk_reasons: '[]', required_signoffs: 1, committers: '[]', status: 'awaiting', requested_at: at, opened_at: at, updated_at: at, revision: 1,
      }).returning('id').executeTakeFirstOrThrow();
      await store.db.insertInto('chat_messages').values({ change_id: id, platform: 'slack', team: 'core', channel: 'C0CORE', message_ref: posted, conversation: null, created_at: at, updated_at: at }).execute();

      await migrateToLatest(store.db, store.flavor);
      const { message_ref } = await store.db.selectFrom('chat_messages').select('message_ref').executeTakeFirstOrThrow();
      await port.updateReviewRequest(message_ref as ChatRef, reviewRequestView({ status: 'signed_off' }));
      expect(slack.messages('C0CORE')).toHaveLength(1);
      expect(slack.calls().filter((c) => c.method === 'chat.update').map((c) => [c.args.channel, c.args.ts])).toEqual([['C0CORE', posted]]);
    } finally {
      await slack.close();
    }
  });
});
