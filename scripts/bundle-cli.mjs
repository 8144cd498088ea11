#!/usr/bin/env node
// After `tsc`: the CLI's quick commands (`detect`, `owners`) are rewritten in place as one
// file each. Node 20 has no compile cache, and loading ES modules one by one was most of
// their start-up (issue "What a newcomer and an operator trip over": within 2x of
// `node -e 0`). What the bundles leave out, on purpose:
//   - every module `dist/cli.js` loads itself (shared, so `instanceof UsageError` and
//     `ConfigError` still hold across the two);
//   - every dynamic import (the config schema and the app, loaded only with a config file);
//   - Node's built-ins and installed packages.
// Usage: node scripts/bundle-cli.mjs (run by `npm run build`).
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const QUICK = ['cli/detect.js', 'cli/owners.js'];
const builtin = (id) => id.startsWith('node:') || builtinModules.includes(id);
const ours = (id) => id.startsWith(dist);
const keepDynamic = { name: 'keep-dynamic-imports', resolveDynamicImport: (source) => ({ id: source, external: true }) };

/** Every module of ours that `entry` loads statically. */
async function staticGraph(entry) {
  const bundle = await rolldown({ input: entry, platform: 'node', external: (id) => builtin(id) || !(id.startsWith('.') || ours(id)), plugins: [keepDynamic], logLevel: 'silent' });
  const { output } = await bundle.generate({ format: 'esm' });
  await bundle.close();
  return new Set(output.flatMap((chunk) => chunk.moduleIds ?? []));
}

const shared = await staticGraph(`${dist}cli.js`);
for (const file of QUICK) {
  const entry = `${dist}${file}`;
  const bundle = await rolldown({
    input: entry,
    platform: 'node',
    // An import of ours is resolved to an absolute path before this sees it (isResolved);
    // a bare specifier is a package, left to node_modules.
    external: (id, _importer, isResolved) => builtin(id) || (isResolved ? !ours(id) || (shared.has(id) && id !== entry) : !id.startsWith('.') && !id.startsWith('/')),
    plugins: [keepDynamic],
  });
  await bundle.write({ format: 'esm', file: entry, sourcemap: true });
  await bundle.close();
}
