import { writeFileSync } from 'node:fs';
import { AppPackageError, teamsAppPackage } from '../chat/teams/app-package.js';
import { stringOption, UsageError, type ParsedArgs } from './spec.js';

/** `countersign teams package`: the zip an admin uploads to Teams (Apps → Manage your apps → Upload an app). */
export async function run(args: ParsedArgs): Promise<number> {
  const appId = stringOption(args, 'app-id') ?? process.env.MicrosoftAppId;
  const host = stringOption(args, 'host');
  if (!appId) throw new UsageError('--app-id is required: the Azure Bot\'s Microsoft App ID (or set MicrosoftAppId)');
  if (!host) throw new UsageError('--host is required: the public host name of the service, e.g. countersign.example.com');
  const out = stringOption(args, 'out') ?? 'countersign-teams.zip';
  try {
    const { zip } = teamsAppPackage({ appId, host });
    writeFileSync(out, zip);
  } catch (error) {
    if (error instanceof AppPackageError) throw new UsageError(error.message);
    console.error(`countersign: cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return 1;
  }
  console.log(`wrote ${out} (manifest.json, color.png, outline.png) for bot ${appId} at https://${host}/api/messages`);
  console.log('next: upload it in Teams (Apps → Manage your apps → Upload an app, or the Teams admin center), then add the app to each team whose channel gets review requests');
  return 0;
}
