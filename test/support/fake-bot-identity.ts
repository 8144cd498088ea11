/**
 * Stand-ins for the two Microsoft login services a Teams bot talks to, on a real socket:
 * - login.botframework.com: OpenID metadata and the keys that sign the tokens the Bot
 *   Connector sends to /api/messages (`signChannelToken` signs one as it does);
 * - login.microsoftonline.com: the client-credentials token endpoint the bot gets its
 *   own tokens from. MSAL insists on an https authority, so the bot is configured with
 *   `LOGIN_ORIGIN` and `loginFetch` carries those requests here.
 *
 * Each fake advertises its metadata under a fresh `?run=` URL: botbuilder caches keys
 * per metadata URL for the whole process.
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOGIN_ORIGIN = 'https://login.test';
export const BOT_TOKEN_ISSUER = 'https://api.botframework.com';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: { kty: string; use: string; kid: string; n: string; e: string };
}

export function newSigningKey(kid = `key-${randomUUID()}`): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, jwk: { kty: 'RSA', use: 'sig', kid, n: jwk.n!, e: jwk.e! } };
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A JWT as the Bot Connector signs it (RS256, kid and x5t in the header). */
export function signJwt(claims: object, key: SigningKey, kid = key.kid): string {
  const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid, x5t: kid }))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${b64url(sign('sha256', Buffer.from(input), key.privateKey))}`;
}

/** The claims of a channel token for `appId`, issued for `serviceUrl`, valid for an hour from `nowSec`. */
export function channelClaims(appId: string, serviceUrl: string, nowSec = Math.floor(Date.now() / 1000)): Record<string, unknown> {
  return { iss: BOT_TOKEN_ISSUER, aud: appId, serviceurl: serviceUrl, nbf: nowSec - 5, exp: nowSec + 3600 };
}

export interface FakeBotIdentity {
  base: string;
  /** Where the bot reads the OpenID metadata (unique to this fake). */
  openidMetadataUrl: string;
  /** The key the channel tokens are signed with (published, endorsed for msteams). */
  key: SigningKey;
  /** Every request, in order. */
  requests: { method: string; path: string; body: string }[];
  /** Client-credential grants answered with a token. */
  tokensIssued(): number;
  /** Sign a channel token for this app; `override` replaces claims. */
  channelToken(serviceUrl: string, override?: Record<string, unknown>): string;
  /** A fetch that carries requests for LOGIN_ORIGIN to this fake. */
  loginFetch: typeof fetch;
  close(): Promise<void>;
}

export async function startFakeBotIdentity(options: { appId: string; appPassword: string; tenantId: string }): Promise<FakeBotIdentity> {
  const key = newSigningKey();
  const requests: FakeBotIdentity['requests'] = [];
  let issued = 0;
  let base = '';
  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ method: req.method ?? '', path: url.pathname, body });
    const json = (status: number, value: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (url.pathname === '/v1/.well-known/openidconfiguration') {
      return json(200, { issuer: BOT_TOKEN_ISSUER, authorization_endpoint: `${base}/v1/authorize`, jwks_uri: `${base}/v1/.well-known/keys${url.search}`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    // Real Bot Framework keys list the channels they may sign for.
    if (url.pathname === '/v1/.well-known/keys') return json(200, { keys: [{ ...key.jwk, endorsements: ['msteams'] }] });
    const entra = url.pathname.match(/^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token)$/);
    if (entra && entra[2]!.startsWith('v2.0')) {
      const t = `${LOGIN_ORIGIN}/${entra[1]}`;
      return json(200, { token_endpoint: `${t}/oauth2/v2.0/token`, authorization_endpoint: `${t}/oauth2/v2.0/authorize`, end_session_endpoint: `${t}/oauth2/v2.0/logout`,
        issuer: `${t}/v2.0`, jwks_uri: `${t}/discovery/v2.0/keys`, response_types_supported: ['code', 'id_token', 'token'], token_endpoint_auth_methods_supported: ['client_secret_post'] });
    }
    if (entra && req.method === 'POST') {
      const form = new URLSearchParams(body);
      const ok = form.get('grant_type') === 'client_credentials' && form.get('client_id') === options.appId
        && form.get('client_secret') === options.appPassword && entra[1] === options.tenantId;
      if (!ok) return json(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
      issued++;
      return json(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: `bot-token-${issued}`, scope: form.get('scope') });
    }
    json(404, { error: 'not_found', path: url.pathname });
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const loginFetch: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return fetch(url.startsWith(LOGIN_ORIGIN) ? base + url.slice(LOGIN_ORIGIN.length) : url, init);
  };
  return {
    base, key, requests, loginFetch,
    openidMetadataUrl: `${base}/v1/.well-known/openidconfiguration?run=${randomUUID()}`,
    tokensIssued: () => issued,
    channelToken: (serviceUrl, override = {}) => signJwt({ ...channelClaims(options.appId, serviceUrl), ...override }, key),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
