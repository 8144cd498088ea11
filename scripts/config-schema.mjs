#!/usr/bin/env node
/**
 * Writes manifests/config/countersign.schema.json from the built config schema
 * (dist/config/json-schema.js), or with --check only compares: exit 1 when the
 * committed file differs from what the code generates.
 *
 *   npm run build && npm run config-schema            # regenerate
 *   npm run build && npm run config-schema -- --check # CI: is the committed file current?
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = new URL('../dist/config/json-schema.js', import.meta.url);
const target = fileURLToPath(new URL('../manifests/config/countersign.schema.json', import.meta.url));
const shown = relative(process.cwd(), target) || target;

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--check');
if (unknown.length > 0) {
  console.error(`config-schema: unknown argument ${unknown.join(' ')}\nusage: node scripts/config-schema.mjs [--check]`);
  process.exit(2);
}

if (!existsSync(fileURLToPath(built))) {
  console.error(`config-schema: ${relative(root, fileURLToPath(built))} is missing; run "npm run build" first`);
  process.exit(2);
}
const { configJsonSchema } = await import(built.href);
const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;

if (args.includes('--check')) {
  const committed = existsSync(target) ? readFileSync(target, 'utf8') : null;
  if (committed === text) {
    console.log(`${shown} is current`);
    process.exit(0);
  }
  console.error(
    `config-schema: ${shown} ${committed === null ? 'is missing' : 'differs from what the built code generates (src/config/schema.ts, src/config/json-schema.ts)'}; ` +
      'regenerate it with "npm run build && npm run config-schema" and commit the result',
  );
  process.exit(1);
}

mkdirSync(dirname(target), { recursive: true });
const changed = !existsSync(target) || readFileSync(target, 'utf8') !== text;
writeFileSync(target, text);
console.log(changed ? `wrote ${shown}` : `${shown} is already current`);
