import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from './app/ports.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Route {
  method: string;
  path: string;
  handler: Handler;
}

/**
 * One listener for every endpoint: GitHub, chat platforms, health and metrics.
 * Routing is by exact path; an unknown path gets 404 and a wrong method 405.
 */
export function createHttpServer(routes: readonly Route[], log: Logger): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const matching = routes.filter((r) => r.path === path);
    const route = matching.find((r) => r.method === req.method);
    if (!route) {
      req.resume();
      const status = matching.length > 0 ? 405 : 404;
      if (status === 405) res.setHeader('allow', matching.map((r) => r.method).join(', '));
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: status === 404 ? 'not_found' : 'method_not_allowed', message: `${req.method} ${path}` } }));
      return;
    }
    Promise.resolve(route.handler(req, res)).catch((error) => {
      log.error({ err: error, path }, 'request handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'internal', message: 'internal error' } }));
      else res.end();
    });
  });
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
