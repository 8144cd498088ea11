import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cliFixtures, runCli } from '../support/cli.js';
import { startService, type ServiceProcess } from '../support/processes.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const fixtures = cliFixtures('countersign-audit-head-');
const SECRET = 'audit-head-secret';
let service: ServiceProcess | null = null;
afterEach(() => { service?.child.kill('SIGKILL'); service = null; });

describe('the audit chain head, kept in the logs', () => {
  it('is logged on shutdown, and audit verify --expect-head tells a cut-off trail from an intact one', async () => {
    const dir = fixtures.tempDir({ 'countersign.yml': 'teams: [{ name: core, seniors: [alice] }]\nownership: { fallback_team: core }\n' });
    const env = { DATABASE_URL: `sqlite:${join(dir, 'countersign.db')}`, GITHUB_WEBHOOK_SECRET: SECRET };
    service = await startService(dir, env);
    for (const number of [1, 2]) {
      expect((await sendWebhook(service.url, { event: 'pull_request', payload: pullRequestPayload('opened', { number, author: 'Copilot', authorType: 'Bot', installationId: null }), secret: SECRET })).status).toBe(202);
    }
    const db = new SQLite(join(dir, 'countersign.db'), { readonly: true });
    for (let i = 0; i < 100; i++) {
      if ((db.prepare("select count(*) as n from inbox where state = 'pending'").get() as { n: number }).n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    db.close();
    expect(await service.stop()).toBe(0);
    const logged = service.logs.filter((l) => l.msg === 'audit chain head').at(-1)!;
    const head = logged.audit_head as string;
    expect(head).toMatch(/^\d+:[0-9a-f]{64}$/);

    const intact = await runCli(['audit', 'verify', '--expect-head', head], { cwd: dir, env });
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain(`holds event ${head.split(':')[0]} with the expected hash`);

    // Someone with write access cuts the newest event off (the chain that is left still links up).
    const raw = new SQLite(join(dir, 'countersign.db'));
    raw.exec('DROP TRIGGER audit_events_no_delete');
    raw.prepare('DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)').run();
    raw.close();
    const plain = await runCli(['audit', 'verify'], { cwd: dir, env });
    expect(plain.code).toBe(0);
    const cut = await runCli(['audit', 'verify', '--expect-head', head], { cwd: dir, env });
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain(`has no event ${head.split(':')[0]} any more`);

    const malformed = await runCli(['audit', 'verify', '--expect-head', 'latest'], { cwd: dir, env });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--expect-head takes SEQ:HASH');
  });
});
