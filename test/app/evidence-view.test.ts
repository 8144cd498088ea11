import { describe, expect, it } from 'vitest';
import { evidenceLineText, groupEvidence } from '../../src/app/evidence-view.js';
import { compileRules, DEFAULT_RULES, detect } from '../../src/domain/detection/index.js';

const rules = compileRules(DEFAULT_RULES);

/** What a reviewer reads under "AI evidence", tool by tool. */
const shown = (facts: Parameters<typeof detect>[0]) =>
  groupEvidence(detect(facts, rules).signals).map((g) => ({ tool: g.tool, lines: g.lines.map(evidenceLineText) }));

describe('AI evidence as a reviewer reads it', () => {
  it('copilotAgentIsOneToolWithOneLinePerKindAndItsHiddenMarkerNamed', () => {
    const groups = shown({
      author: { login: 'Copilot', type: 'Bot' },
      branch: 'copilot/fix-login-redirect',
      body: "Thanks for assigning this issue to me. I'm starting to work on it and will keep this PR's description up to date.\n\n<!-- START COPILOT CODING AGENT SUFFIX -->\n\nFixes #12",
      commits: [{ sha: 'a1b2c3d4e5', message: 'Fix', author_name: 'copilot-swe-agent[bot]', author_email: '198982749+Copilot@users.noreply.github.com', author_login: 'Copilot' }],
    });
    expect(groups.map((g) => g.tool)).toEqual(['GitHub Copilot']);
    const lines = groups[0]!.lines;
    expect(lines).toHaveLength(4);
    expect(lines).toContain('PR author: Copilot');
    expect(lines).toContain('branch name: copilot/fix-login-redirect');
    const description = lines.find((l) => l.startsWith('PR description: '))!;
    expect(description).toContain('hidden marker "START COPILOT CODING AGENT SUFFIX"');
    expect(description).toContain('Thanks for assigning this issue to me');
    expect(description).not.toContain('<!--');
    expect(lines.find((l) => l.startsWith('commit author: '))).toContain('copilot-swe-agent[bot]');
  });

  it('aLabelSaysLabelOnce', () => {
    expect(shown({ labels: ['ai-assisted'] })).toEqual([{ tool: 'declared by label', lines: ['"ai-assisted"'] }]);
  });

  it('twoToolsAreTwoGroupsInTheOrderSeen', () => {
    const groups = shown({
      labels: ['ai-assisted'],
      commits: [{ sha: 'c3c3c3c3', message: 'Add retries\n\nCo-Authored-By: Claude <noreply@anthropic.com>' }],
    });
    expect(groups.map((g) => g.tool)).toEqual(['declared by label', 'Claude Code']);
    expect(groups[1]!.lines).toEqual(['commit trailer: Co-Authored-By: Claude <noreply@anthropic.com> (in commit c3c3c3c)']);
  });
});
