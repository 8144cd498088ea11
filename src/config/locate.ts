import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const DEFAULT_CONFIG_FILE = 'countersign.yml';

export interface LocateOptions {
  /** `--config FILE`; otherwise `COUNTERSIGN_CONFIG`, then `./countersign.yml` if present. */
  path?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Which config file applies: the one named (`explicit`, which must exist), or
 * ./countersign.yml if present, or none (`file` null: embedded defaults). Kept apart
 * from the loader so a command can tell "no file" without loading the schema.
 */
export function locateConfig({ path, env = process.env, cwd = process.cwd() }: LocateOptions = {}): { explicit: string | undefined; file: string | null } {
  const explicit = path ?? env.COUNTERSIGN_CONFIG;
  const file = explicit ? resolve(cwd, explicit) : resolve(cwd, DEFAULT_CONFIG_FILE);
  return { explicit, file: explicit || existsSync(file) ? file : null };
}
