import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * With no webhook secret configured (the zero-config start), generate one once and
 * keep it beside the data, so local tools and the demo can sign deliveries and the
 * endpoint still refuses unsigned ones. Never used when a secret is configured.
 */
export function localWebhookSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
