import { readFileSync } from 'node:fs';

/** The manifest GitHub's "register an app from a manifest" flow takes, as JSON (manifests/github/app.json). */
export interface AppManifest {
  name: string;
  url: string;
  description?: string;
  hook_attributes: { url: string; active: boolean };
  redirect_url: string;
  public: boolean;
  default_permissions: Record<string, string>;
  default_events: string[];
}

const MANIFEST_FILE = new URL('../../manifests/github/app.json', import.meta.url);

/**
 * The manifest with this installation's addresses: webhooks to `publicUrl` (inactive
 * without one: GitHub needs an address it can reach, and it can be set later on the
 * app's page), and GitHub's redirect with the one-time code back to `redirectUrl`.
 */
export function appManifest(options: { name?: string | undefined; publicUrl: string | null; redirectUrl: string }): AppManifest {
  const manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as AppManifest;
  const base = options.publicUrl?.replace(/\/+$/, '') ?? null;
  return {
    ...manifest,
    name: options.name ?? manifest.name,
    url: base ?? 'https://github.com/',
    hook_attributes: base ? { url: `${base}/github/webhooks`, active: true } : { url: 'https://example.invalid/github/webhooks', active: false },
    redirect_url: options.redirectUrl,
  };
}
