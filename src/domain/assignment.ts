/**
 * Who is asked first when a change needs a senior: the eligible senior with the fewest
 * open assignments, so the queue spreads instead of piling on whoever is listed first.
 * Ties go round-robin in config order after the previous assignee, so a quiet team
 * still rotates. Pure: "today" is the team's local date, passed in by the caller.
 */
export interface AssignmentInput {
  /** Seniors who may sign this change (GitHub logins), in config order. */
  eligible: readonly string[];
  /** login (lower-case) → changes currently assigned to them and still open. Missing: none. */
  openAssignments: ReadonlyMap<string, number>;
  /** login (lower-case) → away until this ISO date (`YYYY-MM-DD`, inclusive, team's zone). */
  away: ReadonlyMap<string, string>;
  /** `YYYY-MM-DD` in the team's zone. */
  today: string;
  /** Most open assignments one senior may hold; a senior at the cap is not asked. */
  cap: number;
  /** Login of the team's previous assignment (round-robin tie-break); null: none yet. */
  lastAssigned: string | null;
  /** Logins never chosen, e.g. the current assignee when reassigning. */
  exclude?: readonly string[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The login to assign, spelt as in `eligible`, or null when nobody qualifies (all away,
 * excluded or at the cap). Logins compare case-insensitively everywhere; a login listed
 * twice in `eligible` counts once, at its first place.
 *
 * `away` dates compare as `YYYY-MM-DD` strings (which order like the dates they name).
 * An entry that is not such a date is ignored rather than guessed at: config validation
 * is where a typo should be reported, and ignoring it keeps the person reachable.
 */
export function chooseAssignee(input: AssignmentInput): string | null {
  if (!ISO_DATE.test(input.today)) throw new RangeError(`today must be an ISO date (YYYY-MM-DD), got ${JSON.stringify(input.today)}`);
  const open = lowerKeys(input.openAssignments);
  const away = lowerKeys(input.away);
  const excluded = new Set((input.exclude ?? []).map((l) => l.toLowerCase()));

  const roster = dedupe(input.eligible);
  const last = input.lastAssigned?.toLowerCase() ?? null;
  const lastIndex = last === null ? -1 : roster.findIndex((l) => l.toLowerCase() === last);

  let best: { login: string; load: number; turn: number } | null = null;
  for (const [index, login] of roster.entries()) {
    const key = login.toLowerCase();
    if (excluded.has(key)) continue;
    const until = away.get(key);
    if (until !== undefined && ISO_DATE.test(until) && until >= input.today) continue;
    const load = Math.max(0, open.get(key) ?? 0);
    if (!(load < input.cap)) continue;
    // Distance after the previous assignee in config order, wrapping; the previous
    // assignee itself comes last, so a tie never hands them two in a row.
    const turn = (index - lastIndex - 1 + roster.length) % roster.length;
    if (best === null || load < best.load || (load === best.load && turn < best.turn)) best = { login, load, turn };
  }
  return best?.login ?? null;
}

function lowerKeys<V>(map: ReadonlyMap<string, V>): Map<string, V> {
  const out = new Map<string, V>();
  for (const [k, v] of map) if (!out.has(k.toLowerCase())) out.set(k.toLowerCase(), v);
  return out;
}

function dedupe(logins: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const login of logins) {
    if (login.trim() === '' || seen.has(login.toLowerCase())) continue;
    seen.add(login.toLowerCase());
    out.push(login);
  }
  return out;
}
