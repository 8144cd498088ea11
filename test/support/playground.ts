/** The repository the playground tests open pull requests in, owned by `payments` in PLAYGROUND_CONFIG. */
export const PLAYGROUND_REPO = 'Codertocat/Hello-World';

/** A team with seniors, a lead and a member, all configured people, and no chat channel: it lives in the playground. */
export const PLAYGROUND_CONFIG = `
teams:
  - name: payments
    seniors: [alice, bob]
    leads: [carol]
    members: [dana]
ownership:
  repos: { '${PLAYGROUND_REPO}': payments }
people:
  - { github: alice }
  - { github: bob }
  - { github: carol }
  - { github: dana }
`;

import { request } from 'node:http';

/** The playground page as a browser gets it. */
export async function getPage(baseUrl: string, query: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<{ status: number; html: string; headers: Headers }> {
  const res = await fetch(`${baseUrl}/?${new URLSearchParams(query)}`, { headers, redirect: 'manual' });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/**
 * A browser of the playground: it opens the address with the access token once, keeps
 * the cookie it is given, and sends it with every later request.
 */
export interface PlaygroundBrowser {
  cookie: string;
  get(query?: Record<string, string>, headers?: Record<string, string>): Promise<{ status: number; html: string; headers: Headers }>;
  post(path: string, fields: [string, string][], headers?: Record<string, string>): Promise<{ status: number; location: string | null; body: string }>;
  /** Follow a form's 303 as the browser does; the visible text of the page it lands on. */
  follow(location: string | null): Promise<string>;
  /** The form token of the page as this browser sees it. */
  formToken(query?: Record<string, string>): Promise<string>;
}

export async function openPlayground(tokenUrl: string | null): Promise<PlaygroundBrowser> {
  if (!tokenUrl) throw new Error('the playground is off');
  const base = new URL(tokenUrl).origin;
  const first = await fetch(tokenUrl, { redirect: 'manual' });
  if (first.status !== 303) throw new Error(`opening the playground answered ${first.status}`);
  const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
  const browser: PlaygroundBrowser = {
    cookie,
    get: (query = {}, headers = {}) => getPage(base, query, { cookie, ...headers }),
    post: (path, fields, headers = {}) => postForm(base, path, fields, { cookie, ...headers }),
    async follow(location) {
      if (!location?.startsWith('/?')) throw new Error(`expected a redirect to the page, got ${location}`);
      const res = await fetch(new URL(location, base), { headers: { cookie } });
      if (res.status !== 200) throw new Error(`the page answered ${res.status}`);
      return textOf(await res.text());
    },
    formToken: async (query = {}) => formToken((await browser.get(query)).html),
  };
  return browser;
}

/** The anti-forgery token the page puts in its forms. */
export function formToken(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('the page has no form token');
  return match[1]!;
}

/** Submit a playground form as the browser would (urlencoded, repeated keys for checkboxes); follow nothing. */
export async function postForm(baseUrl: string, path: string, fields: [string, string][], headers: Record<string, string> = {}): Promise<{ status: number; location: string | null; body: string }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

/** A raw request with headers fetch will not let us forge (Host), as a rebinding page or a proxy would send. */
export function rawGet(baseUrl: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The visible text of an HTML fragment, tags dropped and entities decoded (enough for assertions). */
export function textOf(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ').trim();
}
