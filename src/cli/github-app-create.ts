import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, relative, resolve } from 'node:path';
import { Octokit } from '@octokit/rest';
import { parseDocument } from 'yaml';
import { DEFAULT_CONFIG_FILE, locateConfig } from '../config/locate.js';
import { writeGitHubApp } from '../config/write-github-app.js';
import { appManifest } from '../github/app-manifest.js';
import { html } from '../chat/local/render/html.js';
import { flag, stringOption, UsageError, type ParsedArgs } from './spec.js';

const KEY_FILE = 'countersign.private-key.pem';
const QUIET = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * `countersign github-app create`: GitHub's manifest flow, as Probot's setup runs it. A
 * page on this machine posts the manifest (JSON) to GitHub's "new app" form for the
 * user or the organisation; GitHub sends the browser back here with a one-time code,
 * which `POST /app-manifests/{code}/conversions` turns into the app id, private key
 * and webhook secret; they are written where the config reads them.
 */
export async function run(args: ParsedArgs): Promise<number> {
  const org = stringOption(args, 'org');
  if (org !== undefined && !/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(org)) throw new UsageError('--org must be an organisation login such as "acme"');
  const port = Number(stringOption(args, 'port') ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  const { explicit, file } = locateConfig({ path: stringOption(args, 'config') });
  const configFile = file ?? resolve(DEFAULT_CONFIG_FILE);
  const settings = existingSettings(file);
  const githubUrl = (stringOption(args, 'github-url') ?? 'https://github.com').replace(/\/+$/, '');
  const apiUrl = stringOption(args, 'api-url') ?? settings.apiUrl ?? (githubUrl === 'https://github.com' ? 'https://api.github.com' : `${githubUrl}/api/v3`);
  const keyFile = resolve(dirname(configFile), KEY_FILE);
  if (existsSync(keyFile) && !flag(args, 'force')) {
    throw new UsageError(`${relative(process.cwd(), keyFile)} already exists; not replacing the key of an existing app. Use --force to replace it.`);
  }
  if (explicit && !file) throw new UsageError(`--config ${explicit}: no such file`);

  const state = randomBytes(16).toString('hex');
  const newAppUrl = `${githubUrl}${org ? `/organizations/${encodeURIComponent(org)}` : ''}/settings/apps/new?state=${state}`;
  let finish!: (code: number) => void;
  const finished = new Promise<number>((r) => { finish = r; });
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      console.error(`countersign: ${(error as Error).message}`);
      reply(res, 502, html`<p>Creating the app failed: ${(error as Error).message}</p><p>See the terminal; run the command again to retry.</p>`);
      finish(1);
    });
  });
  await new Promise<void>((ok, fail) => { server.once('error', fail); server.listen(port, '127.0.0.1', () => ok()); });
  const local = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const manifest = appManifest({ name: stringOption(args, 'name'), publicUrl: settings.publicUrl, redirectUrl: `${local}/callback` });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', local);
    if (req.method !== 'GET') return reply(res, 405, html`<p>Method not allowed.</p>`);
    if (url.pathname === '/') {
      return reply(res, 200, html`<h1>Create the Countersign GitHub App</h1>
<p>For ${org ? html`the organisation <b>${org}</b>` : 'your personal account'} on ${githubUrl}. GitHub shows the app's name, permissions and events before anything is created.</p>
<form method="post" action="${newAppUrl}"><input type="hidden" name="manifest" value="${JSON.stringify(manifest)}"><button type="submit">Create the GitHub App on GitHub</button></form>`);
    }
    if (url.pathname !== '/callback') return reply(res, 404, html`<p>Not found.</p>`);
    const code = url.searchParams.get('code');
    if (url.searchParams.get('state') !== state || !code) return reply(res, 400, html`<p>This answer is not for the app this command asked GitHub to create; nothing was written.</p>`);
    const octokit = new Octokit({ baseUrl: apiUrl, userAgent: 'countersign', log: QUIET });
    const { data } = await octokit.rest.apps.createFromManifest({ code });
    writeFileSync(keyFile, data.pem, { mode: 0o600 });
    writeGitHubApp(configFile, { appId: data.id, privateKeyPath: `./${relative(dirname(configFile), keyFile)}`, webhookSecret: data.webhook_secret ?? '' });
    const install = `${data.html_url}/installations/new`;
    reply(res, 200, html`<h1>Created ${data.name}</h1><p>Its id, private key and webhook secret are written. Next, <a href="${install}">install it on the repositories to watch</a>.</p>`);
    console.log(`created GitHub App "${data.name}" (id ${data.id}) for ${data.owner && 'login' in data.owner ? data.owner.login : 'you'}`);
    console.log(`wrote ${relative(process.cwd(), keyFile)} (private key) and github.app_id, private_key_path and webhook_secret in ${relative(process.cwd(), configFile) || configFile}`);
    if (!settings.publicUrl) console.log('its webhook is off until you set server.public_url and enter the webhook URL (…/github/webhooks) on the app\'s page');
    console.log(`next: install it on the repositories to watch: ${install}`);
    finish(0);
  }

  console.log(`Open ${local}/ in a browser on this machine to create the GitHub App${org ? ` for ${org}` : ''} (Ctrl-C to cancel).`);
  const code = await finished;
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  return code;
}

function reply(res: ServerResponse, status: number, body: ReturnType<typeof html>): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    // Only our own form, posting to GitHub, and nothing that runs.
    'content-security-policy': "default-src 'none'; form-action https: http:; base-uri 'none'; frame-ancestors 'none'",
  }).end(html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Countersign GitHub App</title></head><body>${body}</body></html>`.value);
}

/** What the config file already says about addresses (read as YAML only: its secrets need not be set yet). */
function existingSettings(file: string | null): { publicUrl: string | null; apiUrl: string | null } {
  if (!file || !existsSync(file)) return { publicUrl: process.env.PUBLIC_URL ?? null, apiUrl: process.env.GITHUB_API_URL ?? null };
  const raw = (parseDocument(readFileSync(file, 'utf8')).toJS() ?? {}) as { server?: { public_url?: unknown }; github?: { api_url?: unknown } };
  const text = (v: unknown) => (typeof v === 'string' && !v.includes('${') ? v : null);
  return {
    publicUrl: process.env.PUBLIC_URL ?? text(raw.server?.public_url),
    apiUrl: process.env.GITHUB_API_URL ?? text(raw.github?.api_url),
  };
}
