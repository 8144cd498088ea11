import picomatch from 'picomatch';
import type { ChangedFile } from './facts.js';
import type { RiskPolicy, RiskTier } from './policy.js';

export interface RiskAssessment {
  tier: RiskTier;
  /** Why, in words a reviewer reads before opening the diff. */
  reasons: string[];
  /** How many distinct seniors must sign off. */
  required_signoffs: number;
}

export interface ChangeSize {
  additions: number;
  deletions: number;
  changed_files: number;
}

/**
 * High: a critical path, or more than one reviewer can read with care (lines or
 * files over the reviewable limits). Medium: over a quarter of either limit.
 * `files` may be empty when they were not read; size then comes from the PR totals.
 */
export function assessRisk(size: ChangeSize, files: readonly ChangedFile[], policy: RiskPolicy): RiskAssessment {
  const reasons: string[] = [];
  const lines = size.additions + size.deletions;
  let tier: RiskTier = 'low';
  const raise = (to: RiskTier) => { if (to === 'high' || (to === 'medium' && tier === 'low')) tier = to; };

  const critical = criticalFiles(files, policy.critical_paths);
  if (critical.length > 0) {
    raise('high');
    const more = critical.length > 3 ? ` and ${critical.length - 3} more` : '';
    reasons.push(`touches critical paths: ${critical.slice(0, 3).join(', ')}${more}`);
  }
  if (lines > policy.reviewable_lines) {
    raise('high');
    reasons.push(`${lines} lines changed, over the reviewable limit of ${policy.reviewable_lines}`);
  } else if (lines > policy.reviewable_lines / 4) {
    raise('medium');
    reasons.push(`${lines} lines changed`);
  }
  if (size.changed_files > policy.reviewable_files) {
    raise('high');
    reasons.push(`${size.changed_files} files changed, over the reviewable limit of ${policy.reviewable_files}`);
  } else if (size.changed_files > policy.reviewable_files / 4) {
    raise('medium');
    reasons.push(`${size.changed_files} files changed`);
  }
  if (reasons.length === 0) reasons.push(`small change: ${lines} line${lines === 1 ? '' : 's'} in ${size.changed_files} file${size.changed_files === 1 ? '' : 's'}`);
  return { tier, reasons, required_signoffs: policy.signoffs_required[tier] };
}

function criticalFiles(files: readonly ChangedFile[], globs: readonly string[]): string[] {
  if (globs.length === 0) return [];
  const isCritical = picomatch(globs as string[], { dot: true });
  const hits = new Set<string>();
  for (const file of files) {
    for (const path of [file.path, file.previousPath]) if (path && isCritical(path)) hits.add(path);
  }
  return [...hits];
}
