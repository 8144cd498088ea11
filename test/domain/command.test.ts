import { describe, it, expect } from 'vitest';
import { COMMAND_HELP, parseChangeRef, parseCommand, type ChangeRef, type Command } from '../../src/domain/command.js';

const api42: ChangeRef = { repo: 'acme/api', number: 42 };

describe('parseCommand: understood input', () => {
  const cases: { name: string; text: string; command: Command }[] = [
    { name: 'pendingEverywhere', text: 'pending', command: { kind: 'pending', scope: null } },
    { name: 'pendingForTeam', text: 'pending platform', command: { kind: 'pending', scope: { team: 'platform' } } },
    { name: 'pendingForTeamWithDigitsDashUnderscore', text: 'pending 9lives_core-web', command: { kind: 'pending', scope: { team: '9lives_core-web' } } },
    { name: 'pendingTeamIsLowerCased', text: 'pending Platform', command: { kind: 'pending', scope: { team: 'platform' } } },
    { name: 'pendingTeamWithAtSign', text: 'pending @platform', command: { kind: 'pending', scope: { team: 'platform' } } },
    { name: 'pendingForRepo', text: 'pending acme/api', command: { kind: 'pending', scope: { repo: 'acme/api' } } },
    { name: 'pendingRepoKeepsCaseAndDots', text: 'pending Acme-Co/my_repo.js', command: { kind: 'pending', scope: { repo: 'Acme-Co/my_repo.js' } } },
    { name: 'pendingRepoUrl', text: 'pending https://github.com/acme/api', command: { kind: 'pending', scope: { repo: 'acme/api' } } },
    { name: 'pendingRepoUrlTrailingSlash', text: 'pending https://github.com/acme/api/', command: { kind: 'pending', scope: { repo: 'acme/api' } } },
    { name: 'pendingRepoSlackLink', text: 'pending <https://github.com/acme/api|acme/api>', command: { kind: 'pending', scope: { repo: 'acme/api' } } },
    { name: 'mine', text: 'mine', command: { kind: 'mine' } },
    { name: 'showShortRef', text: 'show acme/api#42', command: { kind: 'show', ref: api42 } },
    { name: 'whyShortRef', text: 'why acme/api#42', command: { kind: 'why', ref: api42 } },
    { name: 'auditShortRef', text: 'audit acme/api#42', command: { kind: 'audit', ref: api42 } },
    { name: 'showPathRef', text: 'show acme/api/pull/42', command: { kind: 'show', ref: api42 } },
    { name: 'showUrl', text: 'show https://github.com/acme/api/pull/42', command: { kind: 'show', ref: api42 } },
    { name: 'auditUrlWithFilesTab', text: 'audit https://github.com/acme/api/pull/42/files', command: { kind: 'audit', ref: api42 } },
    { name: 'whyUrlWithDiscussionAnchor', text: 'why https://github.com/acme/api/pull/42#discussion_r1234567', command: { kind: 'why', ref: api42 } },
    { name: 'showEnterpriseUrl', text: 'show https://github.example.corp/acme/api/pull/42', command: { kind: 'show', ref: api42 } },
    { name: 'showSlackAutoLink', text: 'show <https://github.com/acme/api/pull/42>', command: { kind: 'show', ref: api42 } },
    { name: 'showSlackLinkWithLabel', text: 'show <https://github.com/acme/api/pull/42|acme/api PR 42>', command: { kind: 'show', ref: api42 } },
    { name: 'showRepoAndNumberApart', text: 'show acme/api 42', command: { kind: 'show', ref: api42 } },
    { name: 'showRepoAndHashNumberApart', text: 'show acme/api #42', command: { kind: 'show', ref: api42 } },
    { name: 'whyWithQuestionMark', text: 'why acme/api#42?', command: { kind: 'why', ref: api42 } },
    { name: 'statsDefaultsToWeek', text: 'stats', command: { kind: 'stats', days: 7 } },
    ...(['7d', '7', 'week', '7D', 'Week'] as const).map((arg) => ({ name: `stats${arg}`, text: `stats ${arg}`, command: { kind: 'stats', days: 7 } as Command })),
    ...(['30d', '30', 'month', '30D', 'MONTH'] as const).map((arg) => ({ name: `stats${arg}`, text: `stats ${arg}`, command: { kind: 'stats', days: 30 } as Command })),
    { name: 'help', text: 'help', command: { kind: 'help' } },
    { name: 'helpWithTopicIsStillHelp', text: 'help show', command: { kind: 'help' } },
    { name: 'questionMarkIsHelp', text: '?', command: { kind: 'help' } },
    { name: 'emptyIsHelpWithoutReason', text: '', command: { kind: 'help' } },
    { name: 'whitespaceOnlyIsHelpWithoutReason', text: '  \t\n ', command: { kind: 'help' } },
    // case and whitespace
    { name: 'upperCaseVerb', text: 'PENDING', command: { kind: 'pending', scope: null } },
    { name: 'mixedCaseVerb', text: 'ShOw acme/api#42', command: { kind: 'show', ref: api42 } },
    { name: 'surroundingAndInnerWhitespace', text: '  \t audit   acme/api#42 \n', command: { kind: 'audit', ref: api42 } },
    { name: 'nonBreakingSpaces', text: 'stats\u00a030d', command: { kind: 'stats', days: 30 } },
    // prefixes people type
    { name: 'leadingSlashSignoff', text: '/signoff pending platform', command: { kind: 'pending', scope: { team: 'platform' } } },
    { name: 'leadingSlashSignoffUpperCase', text: '/SignOff mine', command: { kind: 'mine' } },
    { name: 'slashSignoffAloneIsHelp', text: '/signoff', command: { kind: 'help' } },
    { name: 'teamsMention', text: '<at>Countersign</at> pending', command: { kind: 'pending', scope: null } },
    { name: 'teamsMentionWithNbspEntity', text: '<at>Countersign</at>&nbsp;show acme/api#42', command: { kind: 'show', ref: api42 } },
    { name: 'teamsMentionWithAttributes', text: '<at id="0">Counter Sign</at> mine', command: { kind: 'mine' } },
    { name: 'teamsMentionThenSlashSignoff', text: '<at>Countersign</at> /signoff stats 30d', command: { kind: 'stats', days: 30 } },
    { name: 'teamsMentionAloneIsHelp', text: '<at>Countersign</at>', command: { kind: 'help' } },
    { name: 'slackAppMention', text: '<@U0BOT123> mine', command: { kind: 'mine' } },
  ];
  it.each(cases)('$name', ({ text, command }) => {
    expect(parseCommand(text)).toStrictEqual(command);
  });
});

describe('parseCommand: input that is not understood gets help with a reason', () => {
  const cases: { name: string; text: string; reason: string }[] = [
    { name: 'typoSuggestsPending', text: 'pendng', reason: 'unknown command "pendng" (did you mean "pending"?)' },
    { name: 'swappedLettersSuggestShow', text: 'shwo acme/api#42', reason: 'unknown command "shwo" (did you mean "show"?)' },
    { name: 'prefixSuggestsStats', text: 'st', reason: 'unknown command "st" (did you mean "stats"?)' },
    { name: 'prefixSuggestsPending', text: 'pend', reason: 'unknown command "pend" (did you mean "pending"?)' },
    { name: 'typoKeepsUserCaseInQuote', text: 'AUDT acme/api#1', reason: 'unknown command "AUDT" (did you mean "audit"?)' },
    { name: 'unrelatedWordHasNoSuggestion', text: 'deploy prod', reason: 'unknown command "deploy"' },
    { name: 'bareRefSuggestsShow', text: 'acme/api#42', reason: 'unknown command "acme/api#42" (did you mean "show acme/api#42"?)' },
    { name: 'signoffWithoutSlashIsNotStripped', text: 'signoff pending', reason: 'unknown command "signoff"' },
    { name: 'slackChannelPing', text: '<!channel>', reason: 'unknown command "<!channel>"' },
    { name: 'showWithoutRef', text: 'show', reason: 'show needs owner/repo#N, e.g. show acme/api#42' },
    { name: 'whyWithoutRef', text: 'why', reason: 'why needs owner/repo#N, e.g. why acme/api#42' },
    { name: 'auditWithoutRef', text: 'audit', reason: 'audit needs owner/repo#N, e.g. audit acme/api#42' },
    { name: 'showNumberOnly', text: 'show 42', reason: 'show needs owner/repo#N, e.g. show acme/api#42; "42" is not a change' },
    { name: 'showRepoWithoutNumber', text: 'show acme/api', reason: 'show needs owner/repo#N, e.g. show acme/api#42; "acme/api" is not a change' },
    { name: 'showZeroNumber', text: 'show acme/api#0', reason: 'show needs owner/repo#N, e.g. show acme/api#42; "acme/api#0" is not a change' },
    { name: 'showIssueUrl', text: 'show https://github.com/acme/api/issues/42', reason: 'show needs owner/repo#N, e.g. show acme/api#42; "https://github.com/acme/api/issues/42" is not a change' },
    { name: 'showRefWithExtraWord', text: 'show acme/api#42 please', reason: 'unexpected "please" after show (usage: show owner/repo#N)' },
    { name: 'mineWithExtraWords', text: 'mine all of them', reason: 'unexpected "all of them" after mine (usage: mine)' },
    { name: 'pendingWithTwoArgs', text: 'pending platform acme/api', reason: 'unexpected "acme/api" after pending (usage: pending [team|owner/repo])' },
    { name: 'statsWithExtraWord', text: 'stats 7d now', reason: 'unexpected "now" after stats (usage: stats [7d|30d])' },
    { name: 'statsUnknownPeriod', text: 'stats 90d', reason: 'stats covers 7d or 30d, not "90d"' },
    { name: 'statsWordPeriod', text: 'stats year', reason: 'stats covers 7d or 30d, not "year"' },
    { name: 'pendingBadTeam', text: 'pending -platform', reason: 'pending takes a team or owner/repo, e.g. pending platform; "-platform" is not a team name' },
    { name: 'pendingTeamWithDot', text: 'pending plat.form', reason: 'pending takes a team or owner/repo, e.g. pending platform; "plat.form" is not a team name' },
    { name: 'pendingGitHubTeamSlug', text: 'pending @acme/platform', reason: 'pending takes a team or owner/repo, e.g. pending acme/api; "@acme/platform" is not a repository' },
    { name: 'pendingRepoDotDot', text: 'pending acme/..', reason: 'pending takes a team or owner/repo, e.g. pending acme/api; "acme/.." is not a repository' },
    { name: 'pendingThreeSegments', text: 'pending acme/api/extra', reason: 'pending takes a team or owner/repo, e.g. pending acme/api; "acme/api/extra" is not a repository' },
    { name: 'pendingChangeRefSuggestsShow', text: 'pending acme/api#42', reason: 'pending takes a team or owner/repo; for one change use show acme/api#42' },
    { name: 'longEmojiInputIsCutByCodePoint', text: `stats ${'📈'.repeat(50)}`, reason: `stats covers 7d or 30d, not "${'📈'.repeat(39)}…"` },
    { name: 'longInputIsQuotedShort', text: `show ${'x'.repeat(100)}`, reason: `show needs owner/repo#N, e.g. show acme/api#42; "${'x'.repeat(39)}…" is not a change` },
  ];
  it.each(cases)('$name', ({ text, reason }) => {
    expect(parseCommand(text)).toStrictEqual({ kind: 'help', reason });
  });
});

describe('parseChangeRef', () => {
  const cases: { name: string; text: string; ref: ChangeRef | null }[] = [
    { name: 'shortForm', text: 'acme/api#42', ref: api42 },
    { name: 'pathForm', text: 'acme/api/pull/42', ref: api42 },
    { name: 'pathFormWithFiles', text: 'acme/api/pull/42/files', ref: api42 },
    { name: 'url', text: 'https://github.com/acme/api/pull/42', ref: api42 },
    { name: 'httpUrl', text: 'http://github.com/acme/api/pull/42', ref: api42 },
    { name: 'schemeLessUrl', text: 'github.com/acme/api/pull/42', ref: api42 },
    { name: 'urlFilesTab', text: 'https://github.com/acme/api/pull/42/files', ref: api42 },
    { name: 'urlCommit', text: 'https://github.com/acme/api/pull/42/commits/0123abc', ref: api42 },
    { name: 'urlDiscussionAnchor', text: 'https://github.com/acme/api/pull/42#discussion_r99', ref: api42 },
    { name: 'urlQuery', text: 'https://github.com/acme/api/pull/42?w=1', ref: api42 },
    { name: 'enterpriseHostWithPort', text: 'https://ghe.internal:8443/acme/api/pull/42', ref: api42 },
    { name: 'upperCaseUrlParts', text: 'HTTPS://GitHub.com/acme/api/PULL/42', ref: api42 },
    { name: 'slackAutoLink', text: '<https://github.com/acme/api/pull/42>', ref: api42 },
    { name: 'slackLinkWithLabel', text: '<https://github.com/acme/api/pull/42|#42 Fix it>', ref: api42 },
    { name: 'backticks', text: '`acme/api#42`', ref: api42 },
    { name: 'trailingPunctuation', text: 'acme/api#42.', ref: api42 },
    { name: 'surroundingWhitespace', text: '  acme/api#42 ', ref: api42 },
    { name: 'caseKeptAsTyped', text: 'Acme/API#7', ref: { repo: 'Acme/API', number: 7 } },
    { name: 'repoWithDotsDashesUnderscores', text: 'octo-org/my.repo_name-2#1', ref: { repo: 'octo-org/my.repo_name-2', number: 1 } },
    { name: 'emuOwnerWithUnderscore', text: 'octocat_acme/dotfiles#3', ref: { repo: 'octocat_acme/dotfiles', number: 3 } },
    { name: 'leadingZeros', text: 'acme/api#042', ref: api42 },
    { name: 'numberOnly', text: '#42', ref: null },
    { name: 'repoOnly', text: 'acme/api', ref: null },
    { name: 'zero', text: 'acme/api#0', ref: null },
    { name: 'negative', text: 'acme/api#-1', ref: null },
    { name: 'notANumber', text: 'acme/api#abc', ref: null },
    { name: 'hugeNumber', text: 'acme/api#1234567890123456', ref: null },
    { name: 'spaceInName', text: 'acme/my api#42', ref: null },
    { name: 'slashInName', text: 'acme/api/x#42', ref: null },
    { name: 'ownerStartsWithDash', text: '-acme/api#42', ref: null },
    { name: 'ownerWithDot', text: 'ac.me/api#42', ref: null },
    { name: 'ownerTooLong', text: `${'a'.repeat(40)}/api#42`, ref: null },
    { name: 'repoDotDot', text: 'acme/..#42', ref: null },
    { name: 'repoDot', text: 'acme/.#42', ref: null },
    { name: 'repoDotDotInUrl', text: 'https://github.com/acme/../pull/42', ref: null },
    { name: 'repoStartingWithDot', text: 'acme/.github#5', ref: { repo: 'acme/.github', number: 5 } },
    { name: 'repoStartingWithTwoDots', text: 'acme/..x#5', ref: { repo: 'acme/..x', number: 5 } },
    { name: 'repoWithUnicode', text: 'acme/ápi#42', ref: null },
    { name: 'issueUrl', text: 'https://github.com/acme/api/issues/42', ref: null },
    { name: 'pullsListUrl', text: 'https://github.com/acme/api/pulls', ref: null },
    { name: 'otherScheme', text: 'ftp://github.com/acme/api/pull/42', ref: null },
    { name: 'empty', text: '', ref: null },
  ];
  it.each(cases)('$name', ({ text, ref }) => {
    expect(parseChangeRef(text)).toStrictEqual(ref);
  });
});

describe('parseCommand never throws', () => {
  const hostile: { name: string; text: string }[] = [
    { name: 'tenThousandChars', text: 'a'.repeat(10_000) },
    { name: 'tenThousandWords', text: 'pending '.repeat(10_000) },
    { name: 'longRefLikeToken', text: `show ${'a/'.repeat(5_000)}#1` },
    { name: 'longPunctuationRun', text: `show acme/api${'.'.repeat(10_000)}x` },
    { name: 'manyUnclosedMentions', text: '<at>'.repeat(3_000) },
    { name: 'manyClosedMentions', text: '<at>x</at>'.repeat(2_000) },
    { name: 'manyUnclosedSlackLinks', text: `show ${'<https://x'.repeat(2_000)}` },
    { name: 'longHostLikeToken', text: `show ${'a.'.repeat(5_000)}/` },
    { name: 'unicode', text: 'zeige 👀 αβγ/δ#４２ \u202e\u0000' },
    { name: 'emojiTypo', text: '🎉'.repeat(30) },
    { name: 'slackSpecials', text: '<!channel> <!here> <@U123|bob> <#C123|general>' },
    { name: 'htmlInjection', text: '<script>alert(1)</script>' },
    { name: 'controlCharacters', text: '\u0000\u0001\u0007\r\n\t' },
    { name: 'loneSurrogate', text: 'show \ud800' },
  ];
  it.each(hostile)('$name', ({ text }) => {
    const started = performance.now();
    const command = parseCommand(text);
    expect(performance.now() - started).toBeLessThan(250);
    expect(command.kind).toBeTypeOf('string');
    if (command.kind === 'help' && command.reason !== undefined) expect(command.reason.length).toBeLessThan(200);
  });

  it('randomInput', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    const alphabet = ['pending', 'show', 'stats', ' ', '/', '#', '<', '>', '|', 'at', '</at>', 'acme', '42', 'https://', '\u00a0', 'é', '😀', '.', '-', '&nbsp;'];
    for (let i = 0; i < 2_000; i++) {
      const text = Array.from({ length: next() % 30 }, () => alphabet[next() % alphabet.length]).join('');
      expect(() => parseCommand(text)).not.toThrow();
    }
  });

  it('nullFromUntypedCallersIsHelp', () => {
    expect(parseCommand(undefined as unknown as string)).toStrictEqual({ kind: 'help' });
  });
});

describe('COMMAND_HELP', () => {
  it('hasOneLinePerCommandStartingWithItsUsage', () => {
    const verbs = COMMAND_HELP.map((line) => line.split(' ')[0]);
    expect(verbs).toStrictEqual(['pending', 'mine', 'show', 'why', 'audit', 'stats', 'claim', 'release', 'snooze', 'away', 'override', 'author', 'incident', 'help']);
    for (const line of COMMAND_HELP) expect(line).toMatch(/^\S.* — \S/);
  });

  it('everyUsageExampleParses', () => {
    for (const line of COMMAND_HELP) {
      const usage = line.split(' — ')[0]!.replace(/\[.*\]/, '').replace('owner/repo#N', 'acme/api#1').replace('YYYY-MM-DD', '2030-01-01');
      expect(parseCommand(usage).kind).toBe(usage.trim().split(' ')[0]);
    }
  });
});
