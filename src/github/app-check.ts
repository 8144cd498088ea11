import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';

/** Ask GitHub who the app is (authenticated with its JWT): proves the id, key and URL agree. */
export async function describeGitHubApp(options: { appId: number | string; privateKey: string; baseUrl: string }): Promise<{ name: string; installations: number }> {
  const octokit = new Octokit({
    authStrategy: createAppAuth,
    auth: { appId: options.appId, privateKey: options.privateKey },
    baseUrl: options.baseUrl,
    request: { signal: AbortSignal.timeout(10_000) },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const { data } = await octokit.request('GET /app');
  return { name: data?.name ?? String(options.appId), installations: data?.installations_count ?? 0 };
}
