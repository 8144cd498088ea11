#!/usr/bin/env node
// AI-assistance detection over adversarial text at GitHub's size limits (a 65,536-
// character pull request body, and the same text as a commit message and a 255-
// character branch), against a plain English body of the same size, in the same run.
// Prints milliseconds per KB for each, and for the plain body measured alongside it, and
// the ratio; every rule must
// run in time linear in its input, so each ratio stays under 3x (exit 1 otherwise).
// Usage: npm run build && node scripts/bench/detection.mjs [--size 65536] [--runs 7]
import { parseArgs } from 'node:util';
import { compileRules, DEFAULT_RULES, detect } from '../../dist/domain/detection/index.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '65536' }, runs: { type: 'string', default: '15' } } });
const SIZE = Number(values.size);
const RUNS = Number(values.runs);
const rules = compileRules(DEFAULT_RULES);

const fill = (unit, size = SIZE) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
/** Shapes that made backtracking patterns quadratic, or that stress the parsers' loops. */
const ADVERSARIAL = {
  'blank lines': fill('\n'),
  'blank CRLF lines': fill('\r\n'),
  'spaces, then x': fill(' ', SIZE - 1) + 'x',
  'space-newline lines': fill(' \n'),
  'mixed whitespace': fill(' \t\r\u00a0'),
  'Co-authored-by: x <a@a@…': `Fix\n\nCo-authored-by: x <${fill('a@', SIZE - 30)}`,
  'repeated unclosed addresses': `Fix\n\n${fill('Co-authored-by: x <a@a@')}`,
  'a trailer per line': `Fix\n\n${fill('Ab: c\n')}`,
  'continuation lines': `Fix\n\nCo-authored-by: x\n${fill(' y\n')}`,
  'ticked boxes': fill('- [x] '),
  'one ticked box, long line': `- [x] ${fill('ai ', SIZE - 6)}`,
  'list markers': fill('1. - * + '),
  'non-word characters': fill('-'),
  'backticks': fill('`'),
  'growing backtick runs': Array.from({ length: 400 }, (_, i) => '`'.repeat(i % 40 + 1) + 'a').join('').slice(0, SIZE),
  'fences': fill('```\n'),
  'block quotes': fill('> '),
  'one-character lines': fill('a\n'),
  'quoted lines': fill('>\n'),
  'code spans per line': fill('`a`\n'),
  'unclosed <pre': fill('<pre '),
  'unclosed <pre>': fill('<pre>a'),
  'html comments': fill('<!-- '),
  'Claude Code footers, unclosed': fill('Generated with [Claude Code](https://docs.anthropic.com/'),
  'session links': fill('https://claude.ai/code/session_'),
};
const PLAIN = fill('The quick brown fox jumps over the lazy dog, then reviews the diff again.\n');

const factsOf = (text) => ({
  author: { login: 'jane-doe' },
  branch: text.slice(0, 255),
  labels: ['bug'],
  title: text.slice(0, 256),
  body: text,
  commits: [{ sha: 'a'.repeat(40), message: `Subject\n\n${text}` }],
});

/** Fastest of RUNS runs of each, alternating, so a busy neighbour slows both alike. */
function timePair(text) {
  const facts = [factsOf(PLAIN), factsOf(text)];
  const best = [Infinity, Infinity];
  for (let i = 0; i < RUNS; i++) {
    for (const k of [0, 1]) {
      const start = process.hrtime.bigint();
      detect(facts[k], rules);
      best[k] = Math.min(best[k], Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return { plain: best[0], adversarial: best[1] };
}

for (let i = 0; i < 3; i++) timePair(PLAIN); // warm the JIT before measuring anything
const kb = SIZE / 1024;
console.log(`detection at ${SIZE.toLocaleString('en-US')} characters, fastest of ${RUNS} alternating runs`);
console.log(`${'input'.padEnd(32)} ${'ms/KB'.padStart(7)}  ${'plain'.padStart(7)}  ratio`);
let worst = 0;
for (const [name, text] of Object.entries(ADVERSARIAL)) {
  const { plain, adversarial } = timePair(text);
  const ratio = adversarial / plain;
  worst = Math.max(worst, ratio);
  console.log(`${name.padEnd(32)} ${(adversarial / kb).toFixed(4)}  ${(plain / kb).toFixed(4)}  ${ratio.toFixed(2)}x`);
}
console.log(`worst ratio ${worst.toFixed(2)}x (target < 3x)`);
process.exitCode = worst < 3 ? 0 : 1;
