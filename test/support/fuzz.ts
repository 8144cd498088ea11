/**
 * A seeded generator of hostile webhook deliveries: the same seed gives the same cases,
 * so a failure found once is found again (`COUNTERSIGN_FUZZ_SEED`).
 */
export type Rng = () => number;

/** mulberry32: small, fast and good enough to pick cases. */
export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
export const int = (rng: Rng, max: number) => Math.floor(rng() * max);

const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** Text that once cost quadratic time or broke storage, at sizes up to GitHub's limits. */
export function hostileText(rng: Rng, max: number): string {
  const size = Math.max(1, int(rng, max));
  return pick(rng, [
    () => fill('\n', size),
    () => fill(' \r\n', size),
    () => `Fix\n\n${fill('Co-authored-by: x <a@a@', size)}`,
    () => `Co-authored-by: x <${fill('a@', size)}`,
    () => fill('- [x] ', size),
    () => fill('<pre ', size),
    () => fill('`', size),
    () => fill('Ab: c\n', size),
    () => fill('\ud800', Math.min(size, 2_000)),
    () => fill('a\u0000', Math.min(size, 2_000)),
    () => `🤖 Generated with [Claude Code](https://claude.com/claude-code)\n${fill('\udc00x', Math.min(size, 500))}`,
    () => fill('é🙂', size),
  ])();
}

/** A value of a type GitHub never sends in that place. */
export function oddValue(rng: Rng): unknown {
  return pick<() => unknown>(rng, [
    () => 123,
    () => 123.5,
    () => -1,
    () => 1e308,
    () => true,
    () => null,
    () => [],
    () => ['a', 1],
    () => ({}),
    () => ({ toString: 'not a function', valueOf: 1 }),
    () => ({ nested: [[[{ deep: [] }]]] }),
    () => 'opened\u0000',
    () => '\ud800',
    () => '',
    () => 'x'.repeat(5_000),
    () => '../../etc/passwd',
    () => '<!channel> & <@U123>',
  ])();
}

/** Set `path` (dot-separated) in a deep copy of `value`, creating objects on the way. */
export function withValueAt(value: Record<string, any>, path: string, replacement: unknown): Record<string, any> {
  const copy = structuredClone(value);
  const keys = path.split('.');
  let at: any = copy;
  for (const key of keys.slice(0, -1)) {
    if (at[key] === null || typeof at[key] !== 'object') at[key] = {};
    at = at[key];
  }
  at[keys.at(-1)!] = replacement;
  return copy;
}

/** Places in a pull_request payload that Countersign reads (and a few it does not). */
export const PULL_REQUEST_PATHS = [
  'action', 'number', 'before', 'repository', 'repository.full_name', 'sender', 'sender.login', 'installation', 'installation.id',
  'pull_request', 'pull_request.number', 'pull_request.title', 'pull_request.body', 'pull_request.state', 'pull_request.draft',
  'pull_request.merged', 'pull_request.user', 'pull_request.user.login', 'pull_request.user.type', 'pull_request.head', 'pull_request.head.sha',
  'pull_request.head.ref', 'pull_request.base.ref', 'pull_request.labels', 'pull_request.additions', 'pull_request.html_url', 'pull_request.extra',
];
