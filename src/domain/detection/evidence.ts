import type { DetectionRule, Signal } from './rule.js';

/** Where a marker was seen: the pull request body, or one commit (short sha or position). */
export type Place = { in: 'body' } | { in: 'commit'; commit: string };

/**
 * Markers seen, one signal per marker however many places carry it: a Claude trailer
 * in 40 commits is one line of evidence ("in commit 1a2b3c4 and 39 other commits"),
 * not forty.
 */
export class Evidence {
  private readonly found = new Map<string, { signal: Signal; places: Place[] }>();

  /**
   * @param same what makes two sightings the same marker (e.g. the co-author's
   *   address, whatever model name precedes it); the first sighting's `what` is shown.
   */
  add(rule: DetectionRule, same: string, what: string, place: Place | null, tool = rule.tool): void {
    const key = `${rule.id}\u0000${same.toLowerCase()}`;
    const entry = this.found.get(key) ?? { signal: { kind: rule.kind, detail: what, tool }, places: [] };
    if (place && !entry.places.some((p) => samePlace(p, place))) entry.places.push(place);
    this.found.set(key, entry);
  }

  signals(): Signal[] {
    return [...this.found.values()].map(({ signal, places }) =>
      places.length === 0 ? signal : { ...signal, detail: `${signal.detail} (in ${describe(places)})` });
  }
}

function samePlace(a: Place, b: Place): boolean {
  return a.in === b.in && (a.in === 'body' || (b.in === 'commit' && a.commit === b.commit));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "the pull request body", "commit 1a2b3c4 and 3 other commits", "the pull request body and 2 commits". */
function describe(places: Place[]): string {
  const commits = places.flatMap((p) => (p.in === 'commit' ? [p.commit] : []));
  const inBody = commits.length < places.length;
  if (inBody) return commits.length === 0 ? 'the pull request body' : `the pull request body and ${plural(commits.length, 'commit')}`;
  const more = commits.length - 1;
  return more === 0 ? `commit ${commits[0]}` : `commit ${commits[0]} and ${plural(more, 'other commit')}`;
}
