export { DEFAULT_RULES } from './default-rules.js';
export { compileRules, detect, type CompiledRules } from './detect.js';
export type { Detection, DetectionRule, RuleKind, Signal } from './rule.js';
export { parseTrailers, type Trailer } from './trailers.js';

import { DEFAULT_RULES } from './default-rules.js';
import type { DetectionRule } from './rule.js';

/** The effective rule list: defaults (unless turned off) minus disabled ids, plus custom rules. */
export function effectiveRules(options: { useDefaults: boolean; disable: readonly string[]; rules: readonly DetectionRule[] }): DetectionRule[] {
  const disabled = new Set(options.disable);
  const base = options.useDefaults ? DEFAULT_RULES : [];
  return [...base, ...options.rules].filter((r) => !disabled.has(r.id));
}
