import { parseArgs } from 'node:util';

/**
 * A CLI command as `--help` describes it and `parseArgs` reads it: one declaration, so
 * an option cannot exist without being listed. The implementation is loaded only when
 * the command runs, so `--help` and the light commands never load Bolt, Octokit or pg.
 */
export interface CommandSpec {
  /** One or two words: "migrate", "audit verify". */
  name: string;
  summary: string;
  /** Positional arguments as shown in the synopsis, e.g. "PATH...". */
  positionals?: string;
  options: Record<string, OptionSpec>;
  load(): Promise<{ run(args: ParsedArgs): Promise<number> }>;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** What a string option takes, as shown in help: FILE, N, ISO-8601. */
  value?: string;
  help: string;
}

export interface ParsedArgs {
  values: Readonly<Record<string, string | boolean | undefined>>;
  positionals: readonly string[];
}

/** A mistake in how the command was called: reported with the command's usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string, readonly spec?: CommandSpec) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseCommandArgs(spec: CommandSpec, args: string[]): ParsedArgs {
  const options = Object.fromEntries(Object.entries(spec.options).map(([name, o]) => [name, o.short ? { type: o.type, short: o.short } : { type: o.type }]));
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: spec.positionals !== undefined, strict: true });
    return { values, positionals };
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message, spec);
    throw error;
  }
}

/** The string value of an option (undefined when absent). */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

export function synopsis(spec: CommandSpec): string {
  const options = Object.entries(spec.options).map(([name, o]) => `[--${name}${o.value ? ` ${o.value}` : ''}]`);
  return ['countersign', spec.name, ...options, ...(spec.positionals ? [spec.positionals] : [])].join(' ');
}

/** One command's help: synopsis, summary, then each option on its own line. */
export function commandHelp(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, o]) => [`${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`, o.help] as const);
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return [
    `Usage: ${synopsis(spec)}`,
    `  ${spec.summary}`,
    ...rows.map(([left, help]) => `    ${left.padEnd(width)}  ${help}`),
  ].join('\n');
}
