import { describe, expect, it } from 'vitest';
import { teamNamed, teamsListing, teamsNamed } from '../../src/app/config-index.js';

const team = (name: string, seniors: string[], leads: string[] = [], members: string[] = []) => ({ name, seniors, leads, members });
const config = {
  teams: [
    team('payments', ['Ana', 'bo'], ['lead-p']),
    team('platform', ['carl'], ['ana'], ['dee']),
    team('search', ['ANA', 'ana'], [], ['bo']),
  ],
};

describe('looking teams up by who they list and by name', () => {
  it('finds the teams that list a login in a role, whatever its case, in the config order', () => {
    expect(teamsListing(config, 'ana', ['seniors'])).toEqual(['payments', 'search']);
    expect(teamsListing(config, 'ANA', ['seniors', 'leads'])).toEqual(['payments', 'platform', 'search']);
    expect(teamsListing(config, 'bo', ['members', 'seniors'])).toEqual(['payments', 'search']);
    expect(teamsListing(config, 'dee', ['seniors', 'leads'])).toEqual([]);
    expect(teamsListing(config, 'nobody', ['seniors', 'leads', 'members'])).toEqual([]);
  });

  it('gives named teams in the config order, each once, leaving out names it does not know', () => {
    expect(teamsNamed(config, ['search', 'unknown', 'payments', 'search']).map((t) => t.name)).toEqual(['payments', 'search']);
    expect(teamsNamed(config, [])).toEqual([]);
    expect(teamNamed(config, 'platform')?.seniors).toEqual(['carl']);
    expect(teamNamed(config, 'unknown')).toBeUndefined();
  });

  it('answers from a reloaded config, not the one it indexed before', () => {
    const reloaded = { teams: [team('payments', ['erin'])] };
    expect(teamsListing(reloaded, 'ana', ['seniors'])).toEqual([]);
    expect(teamsListing(reloaded, 'erin', ['seniors'])).toEqual(['payments']);
  });
});
