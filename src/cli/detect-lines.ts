import { detect, type CompiledRules, type Detection } from '../domain/detection/index.js';
import { factsFrom } from './facts-input.js';

/**
 * `countersign detect`: one JSON document, or JSON Lines (one change per line), in;
 * one result per change, in order, out. A line that is not a JSON object yields an
 * error result in its place, so output lines stay aligned with input lines.
 */
export function* detectLines(text: string, rules: CompiledRules): Generator<Detection | { error: string }> {
  const whole = tryParse(text);
  if (whole.ok) {
    yield check(whole.value, rules, 1);
    return;
  }
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const parsed = tryParse(line);
    yield parsed.ok ? check(parsed.value, rules, i + 1) : { error: `line ${i + 1}: not valid JSON (${parsed.error})` };
  }
}

function check(value: unknown, rules: CompiledRules, line: number): Detection | { error: string } {
  const facts = factsFrom(value);
  return 'error' in facts ? { error: `line ${line}: ${facts.error}` } : detect(facts, rules);
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
