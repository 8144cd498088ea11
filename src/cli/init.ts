import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG_FILE } from '../config/locate.js';
import { SCHEMA_FILE, STARTER_ENV, starterConfig } from '../config/starter.js';
import { flag, stringOption, type ParsedArgs } from './spec.js';

/** `countersign init`: the starter config, never over an existing file unless --force. */
export async function run(args: ParsedArgs): Promise<number> {
  const outOption = stringOption(args, 'out');
  const force = flag(args, 'force');
  const out = resolve(outOption ?? DEFAULT_CONFIG_FILE);
  const shown = outOption ?? DEFAULT_CONFIG_FILE;
  const refuse = () => {
    console.error(`countersign: ${shown} already exists; not overwriting it. Use --force to replace it, or --out FILE to write elsewhere.`);
    return 1;
  };
  if (existsSync(out) && !force) return refuse();
  const text = starterConfig(schemaLocation(dirname(out)));
  try {
    mkdirSync(dirname(out), { recursive: true });
    // "wx": a file that appeared since the check above is still not overwritten.
    writeFileSync(out, text, { flag: force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return refuse();
    console.error(`countersign: cannot write ${shown}: ${code ?? (error as Error).message}`);
    return 1;
  }
  console.log(`wrote ${shown}`);
  console.log(`next: set ${STARTER_ENV.join(', ')} in the environment (or edit the file), then run "countersign doctor${outOption ? ` --config ${outOption}` : ''}"`);
  return 0;
}

/**
 * The JSON Schema for a config file written into `dir`: a modeline path only where the
 * schema exists relative to that directory (a Countersign checkout, or countersign
 * installed in its node_modules), since the file may be committed and opened elsewhere;
 * otherwise this installation's copy, for a comment.
 */
function schemaLocation(dir: string): { modeline: string | null; installed: string | null } {
  for (const candidate of [SCHEMA_FILE, `node_modules/countersign/${SCHEMA_FILE}`]) {
    if (existsSync(join(dir, candidate))) return { modeline: `./${candidate}`, installed: null };
  }
  const installed = fileURLToPath(new URL(`../../${SCHEMA_FILE}`, import.meta.url));
  return { modeline: null, installed: existsSync(installed) ? installed : null };
}
