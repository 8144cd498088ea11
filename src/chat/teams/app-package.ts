import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';

/** manifests/teams/, beside this package's dist/ and src/. */
const MANIFEST_DIR = new URL('../../../manifests/teams/', import.meta.url);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export class AppPackageError extends Error {}

/**
 * The Teams app an admin uploads: manifests/teams/manifest.json with the bot's Microsoft
 * App ID and the service's host filled in, and the two icons, at the root of a zip (Teams
 * refuses a package whose files sit in a folder).
 */
export function teamsAppPackage(options: { appId: string; host: string }): { manifest: Record<string, unknown>; zip: Uint8Array } {
  const appId = options.appId.trim();
  if (!GUID.test(appId)) throw new AppPackageError(`--app-id must be the Azure Bot's Microsoft App ID, a GUID such as 00000000-0000-0000-0000-000000000000 (got "${appId}")`);
  const host = hostOf(options.host);
  const template = readFileSync(new URL('manifest.json', MANIFEST_DIR), 'utf8');
  const manifest = JSON.parse(template.replaceAll('{{MicrosoftAppId}}', appId.toLowerCase()).replaceAll('{{HOST}}', host)) as Record<string, unknown>;
  const zip = zipSync({
    'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
    'color.png': readFileSync(new URL('color.png', MANIFEST_DIR)),
    'outline.png': readFileSync(new URL('outline.png', MANIFEST_DIR)),
  });
  return { manifest, zip };
}

/** "countersign.example.com", from that or from "https://countersign.example.com/". */
function hostOf(value: string): string {
  let host = value.trim();
  if (/^https?:\/\//i.test(host)) {
    try { host = new URL(host).hostname; } catch { /* reported below */ }
  }
  if (!HOSTNAME.test(host)) throw new AppPackageError(`--host must be the public host name the service answers on, such as countersign.example.com (got "${value}")`);
  return host.toLowerCase();
}
