import { compileRules, DEFAULT_RULES, type CompiledRules } from '../domain/detection/index.js';
import { locateConfig } from '../config/locate.js';
import { detectLines } from './detect-lines.js';
import { readInput } from './read-input.js';
import { stringOption, UsageError, type ParsedArgs } from './spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  const facts = stringOption(args, 'facts');
  if (!facts) throw new UsageError('detect needs --facts FILE (or - for standard input)');
  const rules = await detectionRules(stringOption(args, 'config'));
  const text = readInput(facts, '--facts');
  let failed = false;
  for (const line of detectLines(text, rules)) {
    if ('error' in line) failed = true;
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  return failed ? 1 : 0;
}

/**
 * The configured rules; without a config file, the defaults, without loading the
 * config schema (the embedded defaults change nothing about detection), so that
 * checking a change stays as quick as starting Node.
 */
async function detectionRules(path: string | undefined): Promise<CompiledRules> {
  if (locateConfig({ path }).file === null) return compileRules(DEFAULT_RULES);
  const [{ loadConfig }, { policyFrom }] = await Promise.all([import('../config/load.js'), import('../app/context.js')]);
  return policyFrom(loadConfig({ path })).rules;
}
