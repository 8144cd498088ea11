import type { Config } from '../config/load.js';
import { expandEntries, listedVia, parseTeamRef, teamRefsOf, type TeamMembers } from '../domain/roster.js';
import { TransientError, type TeamDirectory } from './ports.js';

/**
 * How long a GitHub team's member list is trusted before it is read again: a person
 * added to or removed from `@acme/payments-seniors` on GitHub counts here within ten
 * minutes, and an organisation of a hundred teams costs GitHub a few reads a minute.
 */
export const ROSTER_TTL_MS = 10 * 60_000;

/** A GitHub team's members could not be read: nothing is decided on a guess. */
export class RosterUnavailable extends TransientError {
  readonly code = 'roster_unavailable';
  constructor(readonly team: string, cause: unknown) {
    super(`cannot read the members of GitHub team ${team}: ${(cause as Error)?.message ?? String(cause)}`, { cause, retryAfterMs: (cause as TransientError)?.retryAfterMs ?? null });
    this.name = 'RosterUnavailable';
  }
}

/**
 * The configured teams with their GitHub teams resolved. Holds the file's config as
 * written; the context's `config` and `policy` are that config with every team entry
 * replaced by its members, so everything that asks "is she a senior?" sees people.
 */
export class Roster {
  private readonly cache = new Map<string, { logins: readonly string[]; until: number }>();
  private readonly reading = new Map<string, Promise<void>>();

  constructor(
    private configured: Config,
    private readonly directory: TeamDirectory | null,
    /** A GitHub team GitHub refuses to list for good (404, 403): counted as no one until it is read again. */
    private readonly onUnreadable: (team: string, error: unknown) => void = () => {},
  ) {}

  /** The config with every GitHub team replaced by the members known now. */
  effective(): Config {
    const members = this.members();
    const teams = this.configured.teams.map((t) => Object.freeze({
      ...t, seniors: expandEntries(t.seniors, members), leads: expandEntries(t.leads, members), members: expandEntries(t.members, members),
    }));
    return Object.freeze({ ...this.configured, teams: Object.freeze(teams) }) as Config;
  }

  /** Take a new file's config (a reload); members already read are kept. */
  configure(config: Config): void {
    this.configured = config;
  }

  /** How `login` is a senior of `team`: "login", the GitHub team (as configured) that made them one, or null. */
  seniorVia(team: string, login: string): string | null {
    const configured = this.configured.teams.find((t) => t.name === team);
    return configured ? listedVia(configured.seniors, login, this.members()) : null;
  }

  /**
   * Read the members of every GitHub team the named teams (all teams: null) list whose
   * list is missing or older than ROSTER_TTL_MS. Resolves true when anything was read.
   * Throws RosterUnavailable naming the first team GitHub could not list for now.
   */
  async refresh(teamNames: readonly string[] | null, now: Date): Promise<boolean> {
    const teams = teamNames === null ? this.configured.teams : this.configured.teams.filter((t) => teamNames.includes(t.name));
    const due = teamRefsOf(teams).filter((ref) => (this.cache.get(ref)?.until ?? 0) <= now.getTime());
    if (due.length === 0) return false;
    await Promise.all(due.map((ref) => this.read(ref, now)));
    return true;
  }

  private read(ref: string, now: Date): Promise<void> {
    let reading = this.reading.get(ref);
    if (!reading) {
      reading = (async () => {
        const { org, slug } = parseTeamRef(ref)!;
        const until = now.getTime() + ROSTER_TTL_MS;
        try {
          if (!this.directory) throw new Error('no GitHub App is configured (set GITHUB_APP_ID and its private key)');
          this.cache.set(ref, { logins: await this.directory.teamMembers(org, slug), until });
        } catch (error) {
          // GitHub may answer later (5xx, rate limit): wait for it rather than decide on a guess.
          if (error instanceof TransientError) throw new RosterUnavailable(`@${org}/${slug}`, error);
          // A refusal that lasts (a slug that does not exist, no Members permission, no
          // installation) adds nobody until the operator fixes it, and says so: waiting
          // would hold every team's deliveries and escalations behind one wrong entry.
          this.cache.set(ref, { logins: [], until });
          this.onUnreadable(`@${org}/${slug}`, error);
        }
      })().finally(() => this.reading.delete(ref));
      this.reading.set(ref, reading);
    }
    return reading;
  }

  private members(): TeamMembers {
    return new Map([...this.cache].map(([ref, { logins }]) => [ref, logins]));
  }
}
