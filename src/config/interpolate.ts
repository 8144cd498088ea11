import { formatPath, type ConfigProblem } from './errors.js';

/**
 * `${VAR}` and `${VAR:-default}` in string values, from the environment; `$${` is a
 * literal `${`. An unset variable without a default is a problem at its key path,
 * so a missing secret is caught at start-up, not at the first webhook. A value that is
 * nothing but `${VAR:-}` and comes out empty is left unset (an optional setting).
 */
export function interpolate(value: unknown, env: NodeJS.ProcessEnv, problems: ConfigProblem[], path: PropertyKey[] = []): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{[A-Za-z_][A-Za-z0-9_]*:-\}$/.test(value);
    const result = value.replace(/\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (whole, name: string | undefined, fallback?: string) => {
      if (name === undefined) return '${';
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      problems.push({ path: formatPath(path), message: `uses \${${name}}, but ${name} is not set in the environment; set it or write \${${name}:-default}` });
      return '';
    });
    return whole && result === '' ? undefined : result;
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolate(item, env, problems, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, problems, [...path, k])]).filter(([, v]) => v !== undefined));
  }
  return value;
}
