import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cliFixtures, runCli } from '../../support/cli.js';

const require = createRequire(import.meta.url);
const { ManifestUtil } = require('@microsoft/app-manifest') as { ManifestUtil: { validateManifestAgainstSchema(manifest: object, schema: object): Promise<string[]> } };
/** Microsoft's published manifest schemas, as the package ships them (no network). */
const schema = (version: string) => JSON.parse(readFileSync(join(require.resolve('@microsoft/app-manifest/package.json'), '..', 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json'), 'utf8'));
const APP_ID = '6f0e2a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const { tempDir } = cliFixtures('countersign-teams-package-');

describe('countersign teams package', () => {
  it('writes a zip with manifest.json and the icons at its root, valid against Microsoft\'s v1.25 schema and the older v1.19 limits', async () => {
    const dir = tempDir();
    const r = await runCli(['teams', 'package', '--app-id', APP_ID, '--host', 'https://countersign.example.com/'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote countersign-teams.zip');
    const files = unzipSync(readFileSync(join(dir, 'countersign-teams.zip')));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(strFromU8(files['manifest.json']!));
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.validDomains).toEqual(['countersign.example.com']);
    expect(manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual(['pending', 'mine', 'show', 'why', 'audit', 'stats', 'claim', 'snooze', 'away', 'help']);
    expect(await ManifestUtil.validateManifestAgainstSchema(manifest, schema('1.25'))).toEqual([]);
    expect(await ManifestUtil.validateManifestAgainstSchema({ ...manifest, manifestVersion: '1.19', $schema: manifest.$schema.replace('1.25', '1.19') }, schema('1.19'))).toEqual([]);
    // The PNG signature and the sizes Teams asks for: 192×192 colour, 32×32 outline.
    const size = (png: Uint8Array) => [Buffer.from(png).readUInt32BE(16), Buffer.from(png).readUInt32BE(20)];
    expect(size(files['color.png']!)).toEqual([192, 192]);
    expect(size(files['outline.png']!)).toEqual([32, 32]);
  });

  it('refuses an app id that is not a GUID and a host that is not a host name, writing nothing', async () => {
    const dir = tempDir();
    const badId = await runCli(['teams', 'package', '--app-id', 'my-bot', '--host', 'countersign.example.com'], { cwd: dir });
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('--app-id must be the Azure Bot\'s Microsoft App ID');
    const badHost = await runCli(['teams', 'package', '--app-id', APP_ID, '--host', 'countersign.example.com/api"; x'], { cwd: dir });
    expect(badHost.code).toBe(2);
    expect(badHost.stderr).toContain('--host must be the public host name');
    const missing = await runCli(['teams', 'package', '--app-id', APP_ID], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--host is required');
    expect(() => readFileSync(join(dir, 'countersign-teams.zip'))).toThrow();
  });
});
