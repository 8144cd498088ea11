import type { IncomingMessage } from 'node:http';

export class BodyTooLarge extends Error {
  constructor(limit: number) {
    super(`request body over ${limit} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/**
 * The raw body as UTF-8 text (signatures are over the exact bytes), refusing more
 * than `limit` bytes: a declared Content-Length over the limit is refused before
 * reading, and a stream that grows past it is cut off.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new BodyTooLarge(limit);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    // Listen rather than iterate: leaving a for-await early destroys the socket,
    // and the client would never see the 413.
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => { if (!refused) resolve(Buffer.concat(chunks).toString('utf8')); });
    req.on('error', (error) => { if (!refused) reject(error); });
  });
}
