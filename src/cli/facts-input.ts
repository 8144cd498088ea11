import type { ChangeFacts, CommitFacts } from '../domain/facts.js';

/**
 * One change's facts as `countersign detect` accepts them: the documented shape, or
 * what GitHub hands out (label objects `{"name": …}`, REST commit objects with a nested
 * `commit`). Anything else is a one-line error naming the field, never a stack trace
 * or a field quietly ignored. Hand-written, not a schema library: detect stays as quick
 * to start as Node itself.
 */
export function factsFrom(value: unknown): ChangeFacts | { error: string } {
  if (!isObject(value)) return { error: 'expected a JSON object describing one change' };
  try {
    return {
      author: author(value.author),
      branch: text(value.branch, 'branch'),
      labels: labels(value.labels),
      title: text(value.title, 'title'),
      body: text(value.body, 'body'),
      commits: value.commits === undefined || value.commits === null ? value.commits : list(value.commits, 'commits').map(commit),
    };
  } catch (error) {
    if (error instanceof FieldError) return { error: error.message };
    throw error;
  }
}

class FieldError extends Error {}

function author(value: unknown): ChangeFacts['author'] {
  if (value === undefined || value === null) return value;
  if (typeof value === 'string') return { login: value };
  if (!isObject(value)) throw new FieldError('author: expected {"login": …, "type": …} or a login');
  return { login: text(value.login, 'author.login'), type: text(value.type, 'author.type'), id: typeof value.id === 'number' ? value.id : null };
}

/** Names, or GitHub's label objects. */
function labels(value: unknown): string[] | null | undefined {
  if (value === undefined || value === null) return value;
  return list(value, 'labels').map((label, i) => {
    if (typeof label === 'string') return label;
    if (isObject(label) && typeof label.name === 'string') return label.name;
    throw new FieldError(`labels[${i}]: expected a label name such as "ai-assisted" or GitHub's {"name": "ai-assisted"}`);
  });
}

/** The documented flat commit, or a GitHub REST commit (`{sha, commit: {message, author, committer}, author: {login}}`). */
function commit(value: unknown, i: number): CommitFacts {
  const at = `commits[${i}]`;
  if (!isObject(value)) throw new FieldError(`${at}: expected an object with "message" (and optionally sha, author_name, author_email, author_login)`);
  if (isObject(value.commit)) {
    const git = value.commit;
    const person = (side: 'author' | 'committer') => (isObject(git[side]) ? git[side] : {});
    const login = (side: 'author' | 'committer') => (isObject(value[side]) ? text(value[side].login, `${at}.${side}.login`) : null);
    return {
      sha: text(value.sha, `${at}.sha`),
      message: text(git.message, `${at}.commit.message`),
      author_name: text(person('author').name, `${at}.commit.author.name`),
      author_email: text(person('author').email, `${at}.commit.author.email`),
      author_login: login('author'),
      committer_name: text(person('committer').name, `${at}.commit.committer.name`),
      committer_email: text(person('committer').email, `${at}.commit.committer.email`),
      committer_login: login('committer'),
    };
  }
  const fields = ['sha', 'message', 'author_name', 'author_email', 'author_login', 'committer_name', 'committer_email', 'committer_login'] as const;
  return Object.fromEntries(fields.map((f) => [f, text(value[f], `${at}.${f}`)]));
}

function text(value: unknown, field: string): string | null | undefined {
  if (value === undefined || value === null || typeof value === 'string') return value;
  throw new FieldError(`${field}: expected a string, got ${describe(value)}`);
}

function list(value: unknown, field: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new FieldError(`${field}: expected a list, got ${describe(value)}${typeof value === 'string' ? ` (write ["${value}"])` : ''}`);
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
