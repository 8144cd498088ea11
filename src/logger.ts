import pino from 'pino';
import type { Logger } from './app/ports.js';

/** JSON logs on stdout; anything that looks like a secret is redacted wherever it appears. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'countersign' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'secret', '*.secret', 'webhook_secret', '*.webhook_secret', 'previous_webhook_secret', '*.previous_webhook_secret',
        'private_key', '*.private_key', 'token', '*.token', 'authorization', '*.authorization', '*.headers.authorization',
        '*.headers["x-hub-signature-256"]', '*.headers.cookie',
      ],
      censor: '[redacted]',
    },
  }, destination) as unknown as Logger;
}
