import { generateKeyPairSync } from 'node:crypto';
import type { FakeGitHub } from './fake-github.js';

/** A real RSA key, as GitHub issues one for an app (PKCS#1 PEM). */
export function appPrivateKey(): string {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  }).privateKey;
}

/** The environment an operator sets to point Countersign at a GitHub App (here: the fake). */
export function githubAppEnv(fake: FakeGitHub, privateKey = appPrivateKey()): Record<string, string> {
  return { GITHUB_APP_ID: fake.appId, GITHUB_PRIVATE_KEY: privateKey, GITHUB_API_URL: fake.url };
}
