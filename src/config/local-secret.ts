import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A secret Countersign makes for itself when none is configured (the zero-config
 * start): generated once and kept beside the data (mode 0600), so it survives a
 * restart. The webhook secret, so local tools and the demo can sign deliveries and the
 * endpoint still refuses unsigned ones; the playground's access token, so a browser
 * stays signed in. Never used for a secret that is configured.
 */
export function localSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
