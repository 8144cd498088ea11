import { describe, it, expect } from 'vitest';
import {
  matchCodeowners,
  parseCodeowners,
  type CodeownersFile,
  type CodeownersRule,
} from '../../src/domain/codeowners.js';

/** Owners GitHub would request for `path`, or null when no line matches. */
function ownersOf(file: CodeownersFile, path: string): string[] | null {
  return matchCodeowners(file, path)?.owners ?? null;
}

describe('parseCodeowners', () => {
  const cases: {
    name: string;
    text: string;
    rules: CodeownersRule[];
    errors?: { line: number; message: RegExp }[];
  }[] = [
    {
      name: 'blank lines and full-line comments are ignored, line numbers count them',
      text: '# header\n\n   \n*.js @js-owner\n',
      rules: [{ line: 4, pattern: '*.js', owners: ['@js-owner'] }],
    },
    {
      name: 'an indented comment is still a comment',
      text: '   # just a note\n\t# another\n',
      rules: [],
    },
    {
      name: 'inline comment after whitespace is dropped (docs sample line)',
      text: '*.js    @js-owner #This is an inline comment.',
      rules: [{ line: 1, pattern: '*.js', owners: ['@js-owner'] }],
    },
    {
      name: 'inline comment directly after the pattern leaves no owners',
      text: '/vendor/ # nobody owns vendored code',
      rules: [{ line: 1, pattern: '/vendor/', owners: [] }],
    },
    {
      name: 'a # inside a token is an ordinary character',
      text: 'docs/c#/ @csharp',
      rules: [{ line: 1, pattern: 'docs/c#/', owners: ['@csharp'] }],
    },
    {
      name: 'escaped spaces keep the pattern one token, written as in the file',
      text: '/docs/my\\ guide.md @writer',
      rules: [{ line: 1, pattern: '/docs/my\\ guide.md', owners: ['@writer'] }],
    },
    {
      name: 'tabs and runs of spaces separate tokens; trailing whitespace is trimmed',
      text: '  /src/\t\t@a   @org/b  \t',
      rules: [{ line: 1, pattern: '/src/', owners: ['@a', '@org/b'] }],
    },
    {
      name: 'CRLF line endings and a byte-order mark are tolerated',
      text: '\uFEFF* @all\r\n/api/ @api\r\n',
      rules: [
        { line: 1, pattern: '*', owners: ['@all'] },
        { line: 2, pattern: '/api/', owners: ['@api'] },
      ],
    },
    {
      name: 'a pattern with no owners is kept with empty owners',
      text: '/apps/github',
      rules: [{ line: 1, pattern: '/apps/github', owners: [] }],
    },
    {
      name: 'users, teams and email addresses are kept as written',
      text: '* @Octo-Cat @octo-org/Core_Team docs@example.com first.last+tag@sub.example.co.uk',
      rules: [
        {
          line: 1,
          pattern: '*',
          owners: ['@Octo-Cat', '@octo-org/Core_Team', 'docs@example.com', 'first.last+tag@sub.example.co.uk'],
        },
      ],
    },
    {
      name: 'an invalid owner is reported but the valid owners of the line are kept',
      text: '/api/ @good not-an-owner @org/team/extra @also-good',
      rules: [{ line: 1, pattern: '/api/', owners: ['@good', '@also-good'] }],
      errors: [
        { line: 1, message: /invalid owner "not-an-owner"/ },
        { line: 1, message: /invalid owner "@org\/team\/extra"/ },
      ],
    },
    {
      name: 'a line whose owners are all invalid still matches, owning nothing',
      text: '/api/ octocat',
      rules: [{ line: 1, pattern: '/api/', owners: [] }],
      errors: [{ line: 1, message: /invalid owner "octocat"/ }],
    },
    {
      name: '! negation is not supported: reported and the line skipped',
      text: '* @all\n!/docs/ @nobody',
      rules: [{ line: 1, pattern: '*', owners: ['@all'] }],
      errors: [{ line: 2, message: /negation/ }],
    },
    {
      name: '[ ] character ranges are not supported: reported and the line skipped',
      text: 'Python/ceval*.[ch] @markshannon\n/src/ @src',
      rules: [{ line: 2, pattern: '/src/', owners: ['@src'] }],
      errors: [{ line: 1, message: /character ranges/ }],
    },
    {
      // GitHub's docs list escaping a leading # as a gitignore rule that does not
      // work in CODEOWNERS, so the line is reported rather than silently dropped
      // as a comment or guessed to mean the file "#notes".
      name: 'a leading \\# is neither a comment nor a pattern: reported and skipped',
      text: '\\#notes @a',
      rules: [],
      errors: [{ line: 1, message: /leading "#"/ }],
    },
    {
      name: 'escaped ! and [ mid-pattern are literals, not unsupported syntax',
      text: '\\!important.txt @a\nweird\\[1\\].txt @b',
      rules: [
        { line: 1, pattern: '\\!important.txt', owners: ['@a'] },
        { line: 2, pattern: 'weird\\[1\\].txt', owners: ['@b'] },
      ],
    },
    {
      name: 'a dangling backslash at the end of the pattern is reported',
      text: 'foo\\',
      rules: [],
      errors: [{ line: 1, message: /unfinished escape/ }],
    },
  ];

  it.each(cases)('$name', ({ text, rules, errors = [] }) => {
    const file = parseCodeowners(text);
    expect(file.rules).toEqual(rules);
    expect(file.errors).toHaveLength(errors.length);
    errors.forEach((want, i) => {
      expect(file.errors[i]?.line).toBe(want.line);
      expect(file.errors[i]?.message).toMatch(want.message);
    });
  });

  it('keeps rules plain data: compiled matchers are not on the rule objects', () => {
    const file = parseCodeowners('/src/ @a\n*.md @b');
    expect(Object.keys(file.rules[0]!).sort()).toEqual(['line', 'owners', 'pattern']);
    expect(JSON.parse(JSON.stringify(file))).toEqual(file);
  });
});

describe('matchCodeowners: patterns', () => {
  const cases: { name: string; pattern: string; matches: string[]; misses: string[] }[] = [
    {
      name: 'unanchored file name matches at any depth',
      pattern: 'Makefile',
      matches: ['Makefile', 'a/Makefile', 'a/b/c/Makefile'],
      misses: ['Makefile.old', 'a/GNUMakefile'],
    },
    {
      name: 'unanchored name also names a directory and owns everything below it',
      pattern: 'apps',
      matches: ['apps', 'apps/x.js', 'src/apps/y/z.ts'],
      misses: ['apps.js', 'myapps/x.js'],
    },
    {
      name: 'unanchored extension glob matches at any depth',
      pattern: '*.js',
      matches: ['a.js', 'src/a.js', 'src/deep/er/a.js', '.js'],
      misses: ['a.jsx', 'a.js.map', 'src/a.ts'],
    },
    {
      name: 'leading slash anchors to the repository root',
      pattern: '/README.md',
      matches: ['README.md'],
      misses: ['docs/README.md'],
    },
    {
      name: 'a slash in the middle anchors to the root too',
      pattern: 'src/api',
      matches: ['src/api', 'src/api/routes.ts', 'src/api/v1/x.ts'],
      misses: ['lib/src/api/routes.ts', 'src/apiary.ts'],
    },
    {
      name: 'an anchored path naming a directory owns every file below it',
      pattern: '/build/logs',
      matches: ['build/logs', 'build/logs/a.log', 'build/logs/2024/01/a.log'],
      misses: ['build/logs.txt', 'x/build/logs/a.log'],
    },
    {
      name: 'trailing slash: the directory and everything beneath it, not a file of that name',
      pattern: 'logs/',
      matches: ['logs/a', 'x/logs/a', 'x/y/logs/z/a'],
      misses: ['logs', 'x/logs', 'logsx/a'],
    },
    {
      name: 'leading and trailing slash: only the root directory',
      pattern: '/docs/',
      matches: ['docs/a.md', 'docs/x/y/z.md'],
      misses: ['docs', 'src/docs/a.md'],
    },
    {
      name: 'dir/* owns direct children only (GitHub differs from gitignore here)',
      pattern: 'docs/*',
      matches: ['docs/getting-started.md', 'docs/build-app'],
      misses: ['docs', 'docs/build-app/troubleshooting.md', 'src/docs/a.md'],
    },
    {
      name: '/* owns only files at the root',
      pattern: '/*',
      matches: ['README.md', 'package.json'],
      misses: ['src/index.ts'],
    },
    {
      name: '* does not cross a slash',
      pattern: '/src/*.ts',
      matches: ['src/a.ts', 'src/.hidden.ts'],
      misses: ['src/sub/a.ts', 'src/a.tsx'],
    },
    {
      name: 'a wildcard in the middle matches exactly one directory',
      pattern: 'packages/*/package.json',
      matches: ['packages/a/package.json'],
      misses: ['packages/package.json', 'packages/a/b/package.json'],
    },
    {
      name: '? matches one character other than a slash',
      pattern: '/v?/api',
      matches: ['v1/api', 'v2/api/x.ts'],
      misses: ['v10/api', 'v/api', 'v/1/api'],
    },
    {
      name: 'leading **/ matches at any depth, including the root',
      pattern: '**/logs',
      matches: ['logs', 'logs/a', 'build/logs', 'scripts/logs/a', 'deeply/nested/logs/a'],
      misses: ['logsx', 'build/logsx/a'],
    },
    {
      name: 'middle /**/ matches zero or more directories',
      pattern: 'a/**/b',
      matches: ['a/b', 'a/x/b', 'a/x/y/b', 'a/x/b/c.txt'],
      misses: ['x/a/b', 'a/xb', 'ab'],
    },
    {
      name: 'trailing /** matches everything inside but not the directory name itself',
      pattern: 'docs/**',
      matches: ['docs/a.md', 'docs/x/y/z.md'],
      misses: ['docs', 'src/docs/a.md'],
    },
    {
      name: 'repeated **/** means the same as one',
      pattern: 'a/**/**/b',
      matches: ['a/b', 'a/x/y/b'],
      misses: ['b', 'x/a/b'],
    },
    {
      name: '** alone matches everything',
      pattern: '**',
      matches: ['a', 'a/b/c'],
      misses: [],
    },
    {
      name: '* alone matches everything (the usual default-owner line)',
      pattern: '*',
      matches: ['a', 'a/b/c', '.github/CODEOWNERS'],
      misses: [],
    },
    {
      name: '**/ with a wildcard segment after it',
      pattern: '**/*.test.ts',
      matches: ['a.test.ts', 'x/y/a.test.ts'],
      misses: ['a.ts', 'x/a.test.tsx'],
    },
    {
      name: 'dot-directories are matched like any other name',
      pattern: '/.github/',
      matches: ['.github/CODEOWNERS', '.github/workflows/ci.yml'],
      misses: ['src/.github/x', '.githubx/a'],
    },
    {
      name: 'escaped space matches a literal space',
      pattern: '/docs/my\\ guide.md',
      matches: ['docs/my guide.md'],
      misses: ['docs/my\\ guide.md', 'docs/myguide.md'],
    },
    {
      name: 'an escaped # after the start of a pattern is a literal hash',
      pattern: '/notes/\\#1.md',
      matches: ['notes/#1.md'],
      misses: ['notes/1.md'],
    },
    {
      name: 'escaped wildcards are literal',
      pattern: 'f\\*o\\?',
      matches: ['f*o?'],
      misses: ['foo?', 'f*ox'],
    },
    {
      name: 'regex metacharacters in names are literal',
      pattern: '/lib/a+b.(c)$',
      matches: ['lib/a+b.(c)$'],
      misses: ['lib/aab.(c)$', 'lib/a+bx(c)$'],
    },
    {
      name: 'matching is case sensitive, like GitHub',
      pattern: '/Docs/',
      matches: ['Docs/a.md'],
      misses: ['docs/a.md', 'DOCS/a.md'],
    },
  ];

  it.each(cases)('$name ($pattern)', ({ pattern, matches, misses }) => {
    const file = parseCodeowners(`${pattern} @owner`);
    expect(file.errors).toEqual([]);
    for (const path of matches) expect(ownersOf(file, path), `${pattern} should match ${path}`).toEqual(['@owner']);
    for (const path of misses) expect(ownersOf(file, path), `${pattern} should miss ${path}`).toBeNull();
  });
});

describe('matchCodeowners: precedence', () => {
  const cases: { name: string; text: string; path: string; owners: string[] | null; line?: number }[] = [
    {
      name: 'the last matching line wins over an earlier, more specific one',
      text: '/src/api/ @api\n*.ts @ts',
      path: 'src/api/x.ts',
      owners: ['@ts'],
      line: 2,
    },
    {
      name: 'a later non-matching line does not override',
      text: '/src/api/ @api\n*.md @docs',
      path: 'src/api/x.ts',
      owners: ['@api'],
      line: 1,
    },
    {
      name: 'a later line without owners removes ownership (matched, owned by nobody)',
      text: '* @all\n/generated/',
      path: 'generated/schema.ts',
      owners: [],
      line: 2,
    },
    {
      name: 'no matching line returns null, distinct from a match with no owners',
      text: '/src/ @src',
      path: 'README.md',
      owners: null,
    },
    {
      name: 'a skipped invalid line does not take part in matching',
      text: '* @all\n!*.md @nobody\n[abc].md @nobody',
      path: 'a.md',
      owners: ['@all'],
      line: 1,
    },
    {
      name: 'a path given with a leading slash is matched as repo-relative',
      text: '/src/ @src',
      path: '/src/a.ts',
      owners: ['@src'],
      line: 1,
    },
    {
      name: 'duplicate patterns: the later line replaces the owners (owners must share one line)',
      text: '/apps/ @doctocat\n/apps/ @octocat',
      path: 'apps/a.js',
      owners: ['@octocat'],
      line: 2,
    },
  ];

  it.each(cases)('$name', ({ text, path, owners, line }) => {
    const file = parseCodeowners(text);
    const rule = matchCodeowners(file, path);
    expect(rule?.owners ?? null).toEqual(owners);
    if (line !== undefined) expect(rule?.line).toBe(line);
  });

  it('still matches rules that were copied as plain data (e.g. read back from storage)', () => {
    const copy = JSON.parse(JSON.stringify(parseCodeowners('* @all\n/docs/ @docs'))) as CodeownersFile;
    expect(ownersOf(copy, 'docs/a.md')).toEqual(['@docs']);
    expect(ownersOf(copy, 'src/a.ts')).toEqual(['@all']);
  });

  it('ignores a hand-built rule whose pattern GitHub would reject', () => {
    const file: CodeownersFile = {
      rules: [
        { line: 1, pattern: '*', owners: ['@all'] },
        { line: 2, pattern: '!*.md', owners: ['@nobody'] },
      ],
      errors: [],
    };
    expect(ownersOf(file, 'a.md')).toEqual(['@all']);
  });

  it('matches a large file against a large pull request', () => {
    const lines = ['* @all'];
    for (let i = 0; i < 500; i++) lines.push(`/services/svc${i}/ @org/team-${i}`, `**/svc${i}/*.sql @dba${i}`);
    const file = parseCodeowners(lines.join('\n'));
    const paths = Array.from({ length: 3000 }, (_, i) => `services/svc${i % 700}/src/deep/file${i}.ts`);
    // Speed is measured in scripts/bench, never with a clock in a test.
    const owners = paths.map((p) => ownersOf(file, p));
    expect(owners[0]).toEqual(['@org/team-0']);
    expect(owners[650]).toEqual(['@all']);
  });
});

describe('the sample CODEOWNERS file from GitHub "About code owners"', () => {
  // The example as published, comments shortened; outcomes are the ones the docs describe.
  const sample = [
    '# This is a comment.',
    '* @global-owner1 @global-owner2',
    '*.js    @js-owner #This is an inline comment.',
    '*.go docs@example.com',
    '*.txt @octo-org/octocats',
    '/build/logs/ @doctocat',
    'docs/*  docs@example.com',
    'apps/ @octocat',
    '/docs/ @doctocat',
    '/scripts/ @doctocat @octocat',
    '**/logs @octocat',
    '/apps/ @octocat',
    '/apps/github',
    '/apps/ @octocat',
    '/apps/github @doctocat',
  ].join('\n');
  const file = parseCodeowners(sample);

  it('parses without errors', () => {
    expect(file.errors).toEqual([]);
    expect(file.rules).toHaveLength(14);
  });

  const cases: { name: string; path: string; owners: string[] }[] = [
    { name: '* gives everything the global owners', path: 'Gemfile', owners: ['@global-owner1', '@global-owner2'] },
    { name: 'a JS-only change asks only @js-owner', path: 'lib/util/index.js', owners: ['@js-owner'] },
    { name: '*.go is owned by an email address', path: 'cmd/main.go', owners: ['docs@example.com'] },
    { name: 'the octocats team owns .txt files', path: 'notes/todo.txt', owners: ['@octo-org/octocats'] },
    {
      name: '/build/logs/ and the later **/logs both match build/logs files: the later line wins',
      path: 'build/logs/2024/out.bin',
      owners: ['@octocat'],
    },
    {
      name: 'docs/* matches docs/getting-started.md (and the later /docs/ takes it)',
      path: 'docs/getting-started.md',
      owners: ['@doctocat'],
    },
    {
      name: 'docs/* is anchored by its middle slash: a nested src/docs is not its',
      path: 'src/docs/getting-started.bin',
      owners: ['@global-owner1', '@global-owner2'],
    },
    { name: 'apps/ owns an apps directory anywhere', path: 'src/apps/main.rb', owners: ['@octocat'] },
    { name: '/docs/ owns the root docs directory and its subdirectories', path: 'docs/build-app/troubleshooting.md', owners: ['@doctocat'] },
    { name: '/scripts/ needs @doctocat or @octocat', path: 'scripts/deploy.sh', owners: ['@doctocat', '@octocat'] },
    { name: '**/logs owns /build/logs', path: 'build/logs/x', owners: ['@octocat'] },
    { name: '**/logs owns /scripts/logs', path: 'scripts/logs/x', owners: ['@octocat'] },
    { name: '**/logs owns /deeply/nested/logs', path: 'deeply/nested/logs/x', owners: ['@octocat'] },
    { name: '/apps/ is owned by @octocat', path: 'apps/web/index.rb', owners: ['@octocat'] },
    { name: '/apps/github has its own owner @doctocat (last block)', path: 'apps/github/index.rb', owners: ['@doctocat'] },
  ];

  it.each(cases)('$name', ({ path, owners }) => {
    expect(ownersOf(file, path)).toEqual(owners);
  });

  it('/apps/github with no owners leaves that subdirectory unowned (first block alone)', () => {
    const block = parseCodeowners('/apps/ @octocat\n/apps/github');
    expect(ownersOf(block, 'apps/web/index.rb')).toEqual(['@octocat']);
    expect(ownersOf(block, 'apps/github/index.rb')).toEqual([]);
    expect(matchCodeowners(block, 'apps/github/index.rb')?.line).toBe(2);
  });

  it('a /.github/ line protects the CODEOWNERS file itself', () => {
    const withGithub = parseCodeowners(`${sample}\n/.github/ @octo-org/security`);
    expect(ownersOf(withGithub, '.github/CODEOWNERS')).toEqual(['@octo-org/security']);
    expect(ownersOf(withGithub, '.github/workflows/ci.yml')).toEqual(['@octo-org/security']);
  });
});
