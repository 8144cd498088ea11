/** One thing wrong with the configuration, at a key path such as `teams[0].seniors`. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** A configuration that cannot be used: every problem, each with where and how to fix it. */
export class ConfigError extends Error {
  readonly code = 'countersign_config_invalid';
  constructor(readonly source: string, readonly problems: readonly ConfigProblem[]) {
    super(
      `${source} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n` +
        problems.map((p) => `  - ${p.path || '(top level)'}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}
