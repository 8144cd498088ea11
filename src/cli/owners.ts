import { locateConfig } from '../config/locate.js';
import { matchCodeowners, parseCodeowners, type CodeownersFile } from '../domain/codeowners.js';
import { resolveOwnership } from '../domain/ownership.js';
import { readInput } from './read-input.js';
import { stringOption, UsageError, type ParsedArgs } from './spec.js';

/**
 * `countersign owners`: for each path, the CODEOWNERS line that owns it and its
 * owners; with a config file, also the configured teams that would be asked (the
 * question an operator is asking), how they were found, and owners no team claims.
 */
export async function run(args: ParsedArgs): Promise<number> {
  const codeowners = stringOption(args, 'codeowners');
  const repo = stringOption(args, 'repo');
  if (!codeowners || args.positionals.length === 0) throw new UsageError('owners needs --codeowners FILE and at least one PATH');
  if (repo !== undefined && !/^[^/\s]+\/[^/\s]+$/.test(repo)) throw new UsageError('--repo must be "owner/name"');
  const file = parseCodeowners(readInput(codeowners, '--codeowners'));
  for (const e of file.errors) console.error(`${codeowners}:${e.line}: ${e.message}`);
  const teamsFor = await teamMapping(stringOption(args, 'config'), file, repo ?? '');
  for (const path of args.positionals) {
    const rule = matchCodeowners(file, path);
    process.stdout.write(`${JSON.stringify({ path, line: rule?.line ?? null, owners: rule?.owners ?? [], ...teamsFor?.(path) })}\n`);
  }
  return 0;
}

type TeamsFor = (path: string) => { teams: string[]; source: string; unmapped: string[] };

/** Without a config file there are no teams to map to, and the config schema is not loaded. */
async function teamMapping(configPath: string | undefined, file: CodeownersFile, repo: string): Promise<TeamsFor | null> {
  if (locateConfig({ path: configPath }).file === null) return null;
  const { loadConfig } = await import('../config/load.js');
  const config = loadConfig({ path: configPath });
  return (path) => {
    const found = resolveOwnership({ repo, files: [{ path, additions: 0, deletions: 0 }], codeowners: file, teams: config.teams, people: config.people, policy: config.ownership });
    return { teams: found.teams, source: found.source, unmapped: found.unmapped };
  };
}
