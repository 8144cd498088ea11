import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Document, parseDocument } from 'yaml';

export interface GitHubAppCredentials {
  appId: number;
  /** Where the private key was written, as the config should name it (relative to the config file's directory). */
  privateKeyPath: string;
  webhookSecret: string;
}

/**
 * Put a new GitHub App's id, key path and webhook secret into the config file's
 * `github` section (creating the file if there is none), keeping every comment and
 * other setting. The file then holds a secret, so only its owner may read it.
 */
export function writeGitHubApp(file: string, credentials: GitHubAppCredentials): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  // An empty file has no mapping to add to: start one (block style, as a person writes it).
  const doc = text.trim() === '' ? new Document({}) : parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`${file} is not valid YAML: ${doc.errors[0]!.message}`);
  doc.setIn(['github', 'app_id'], credentials.appId);
  doc.setIn(['github', 'private_key_path'], credentials.privateKeyPath);
  doc.deleteIn(['github', 'private_key']);
  doc.setIn(['github', 'webhook_secret'], credentials.webhookSecret);
  writeFileSync(file, doc.toString(), { mode: 0o600 });
  chmodSync(file, 0o600);
}
