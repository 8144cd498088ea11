#!/usr/bin/env node
// Only what every command needs is imported statically: each command's module, and
// what it pulls in (Bolt, Octokit, pg, the config schema), loads when that command runs.
import { ConfigError } from './config/errors.js';
import { COMMANDS, commandGroup, findCommand } from './cli/commands.js';
import { commandHelp, parseCommandArgs, UsageError, type CommandSpec } from './cli/spec.js';

const HELP_FLAGS = new Set(['--help', '-h']);

function usage(specs: readonly CommandSpec[] = COMMANDS): string {
  return [
    'countersign: senior sign-off for AI-assisted pull requests',
    '',
    'Usage:',
    ...specs.map((spec) => commandHelp(spec).replace(/^Usage: /, '  ').replace(/\n/g, '\n  ')),
    '',
    'Run "countersign COMMAND --help" for one command. The config file defaults to',
    './countersign.yml (or $COUNTERSIGN_CONFIG); without one, embedded defaults apply',
    '(SQLite under ./data, port 3000).',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [first] = argv;
  if (first === undefined || first === 'help' || HELP_FLAGS.has(first)) {
    console.log(usage());
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = commandGroup(first);
    if (group.length > 0) {
      const asked = argv.slice(1).some((a) => HELP_FLAGS.has(a));
      (asked ? console.log : console.error)(`${asked ? '' : `countersign: ${first} takes ${group.map((c) => `"${c.name.split(' ')[1]}"`).join(' or ')}\n\n`}${usage(group)}`);
      return asked ? 0 : 2;
    }
    console.error(`countersign: unknown command "${first}"\n\n${usage()}`);
    return 2;
  }
  const { spec, args } = found;
  if (args.some((a) => HELP_FLAGS.has(a))) {
    console.log(commandHelp(spec));
    return 0;
  }
  const parsed = parseCommandArgs(spec, args);
  const command = await spec.load();
  try {
    return await command.run(parsed);
  } catch (error) {
    // A command's own usage errors are shown with that command's help.
    if (error instanceof UsageError && !error.spec) throw new UsageError(error.message, spec);
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    // Our own refusals (codes "countersign_…") explain themselves: no stack trace.
    if (error instanceof ConfigError || code?.startsWith('countersign_')) console.error(`countersign: ${(error as Error).message}`);
    else if (error instanceof UsageError) console.error(`countersign: ${error.message}\n\n${error.spec ? commandHelp(error.spec) : usage()}`);
    else if (code === 'EADDRINUSE' || code === 'EACCES') {
      const { address, port } = error as { address?: string; port?: number };
      console.error(`countersign: cannot listen on ${address ?? 'the address'}:${port ?? '?'} (${code === 'EADDRINUSE' ? 'another process uses that port' : 'not allowed'}); choose another port (PORT, server.port, or --port for the demo)`);
    }
    else console.error(`countersign: ${(error as Error).stack ?? error}`);
    // 78 is EX_CONFIG (sysexits.h): the operator's file, not the program, needs fixing.
    process.exitCode = error instanceof ConfigError ? 78 : error instanceof UsageError ? 2 : 1;
  },
);
