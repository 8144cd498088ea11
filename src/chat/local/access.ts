import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHost } from '../../config/load.js';

const TOKEN_COOKIE = 'countersign_playground';

export interface AccessOptions {
  /** Served on a non-loopback address (allowed by configuration). */
  remote: boolean;
  /** What a browser presents: once as ?token=…, then as a cookie (or an Authorization: Bearer header). */
  accessToken: string;
  /** Mark the cookie Secure (the service is reached over https). */
  secureCookie?: boolean;
  /** server.public_url: behind a proxy that rewrites Host, a browser's Origin names this instead. */
  publicUrl?: string | undefined;
}

const sameSecret = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || /^(::ffff:)?127\./.test(address));
}

/** The host part of a Host header: "localhost:3000" → "localhost", "[::1]:3000" → "::1". */
function hostName(host: string | undefined): string {
  if (!host) return '';
  const bracketed = /^\[([^\]]+)\]/.exec(host);
  return (bracketed ? bracketed[1]! : host.replace(/:\d+$/, '')).toLowerCase();
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return null; // a malformed cookie is no cookie
    }
  }
  return null;
}

/**
 * Who may use the playground. Anyone who uses it can act as any configured person, so
 * every request needs the access token: a proxy on this machine could otherwise pass
 * strangers to a loopback-only page. On loopback it also answers only requests from
 * this machine that name this machine (a DNS-rebinding page names another host) and
 * did not come through a proxy. Forms carry a token derived from the access token, so
 * another site cannot submit them (cross-site request forgery), and it stays valid
 * across restarts and replicas.
 */
export class PlaygroundAccess {
  /** Put in every form; a POST without it is refused. */
  readonly formToken: string;

  constructor(private readonly options: AccessOptions) {
    this.formToken = createHmac('sha256', options.accessToken).update('countersign playground form').digest('base64url');
  }

  /** True when the request may proceed; otherwise the response has been sent. */
  admit(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    if (!this.options.remote) {
      const local = isLoopbackAddress(req.socket.remoteAddress) && isLoopbackHost(hostName(req.headers.host));
      if (!local || req.headers['x-forwarded-for'] || req.headers.forwarded) {
        return refuse(res, 403, 'The Countersign playground answers only on this machine (http://127.0.0.1 or http://localhost). To serve it elsewhere, set playground.allow_remote and an access token.');
      }
    }
    const token = this.options.accessToken;
    const offered = url.searchParams.get('token');
    if (offered !== null && sameSecret(offered, token) && req.method === 'GET') {
      // Trade the token in the address for a cookie, and drop it from the address bar and history.
      url.searchParams.delete('token');
      res.writeHead(303, {
        'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/${this.options.secureCookie ? '; Secure' : ''}`,
        location: `${url.pathname}${url.search}`,
      }).end();
      return false;
    }
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const presented = cookie(req, TOKEN_COOKIE) ?? bearer ?? null;
    if (presented === null || !sameSecret(presented, token)) {
      return refuse(res, 401, 'This Countersign playground needs its access token: open the address Countersign printed when it started (…/?token=…), or, for a configured token, /?token=<the token>.');
    }
    return true;
  }

  /** A form post is ours: it carries the form token, and a browser's Origin (if sent) is this host. */
  formIsOurs(req: IncomingMessage, form: URLSearchParams): boolean {
    const origin = req.headers.origin;
    if (origin && origin !== 'null') {
      try {
        const from = new URL(origin).host;
        if (from !== req.headers.host && (!this.options.publicUrl || from !== new URL(this.options.publicUrl).host)) return false;
      } catch {
        return false;
      }
    }
    const presented = form.get('csrf');
    return presented !== null && sameSecret(presented, this.formToken);
  }
}

export function refuse(res: ServerResponse, status: number, message: string): false {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' }).end(`${message}\n`);
  return false;
}
