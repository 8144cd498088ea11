/**
 * Detection rules are data, so a new marker needs a config line, not a release.
 * Every matcher compares whole identities (logins, e-mail addresses, trailer keys)
 * or patterns written for one tool's exact footer: never display names or
 * substrings, which humans share with tools (people called Devin or Claude).
 */
export type RuleKind = 'label' | 'author' | 'commit_author' | 'trailer' | 'body' | 'checkbox' | 'branch' | 'commit_subject';

interface RuleBase {
  /** Stable id, used to disable a default (`detection.disable`). */
  id: string;
  /** The tool the marker names, shown to the author as evidence. */
  tool: string;
}

/** A label on the pull request (case-insensitive, whole name). */
export interface LabelRule extends RuleBase { kind: 'label'; names: string[] }
/** The pull request's author login (case-insensitive, whole login). */
export interface AuthorRule extends RuleBase { kind: 'author'; logins: string[] }
/** A commit's author or committer: login, address, or a name suffix such as ` (aider)`. */
export interface CommitAuthorRule extends RuleBase {
  kind: 'commit_author';
  logins?: string[];
  emails?: string[];
  name_suffixes?: string[];
}
/**
 * A trailer in a commit message's trailer block (or the PR body's last paragraph).
 * With `emails`, the value's `<address>` must be one of them (Co-authored-by);
 * with `values`, the whole value must match one (case-insensitive); with neither,
 * any non-empty value counts.
 */
export interface TrailerRule extends RuleBase {
  kind: 'trailer';
  keys: string[];
  emails?: string[];
  values?: string[];
  /** Name the tool after the trailer's value (`Assisted-by: Claude:opus-4` → `Claude`). */
  tool_from_value?: boolean;
}
/** A regular expression (multiline, case-insensitive) over the PR body and commit bodies. */
export interface BodyRule extends RuleBase { kind: 'body'; pattern: string }
/**
 * A ticked checklist item (`- [x] …`) in the PR body or a commit body whose text after
 * the box matches `pattern` (case-insensitive): the PR template's self-declaration.
 * An unticked box is never a signal.
 */
export interface CheckboxRule extends RuleBase { kind: 'checkbox'; pattern: string }
/**
 * The pull request's head branch (case-insensitive): one of `prefixes`, or the whole
 * name matching `pattern` where a prefix alone is a human convention too
 * (`devin/<topic>` is also how a person called Devin names branches).
 */
export interface BranchRule extends RuleBase { kind: 'branch'; prefixes?: string[]; pattern?: string }
/** A regular expression over a commit's subject line. */
export interface CommitSubjectRule extends RuleBase { kind: 'commit_subject'; pattern: string }

export type DetectionRule =
  | LabelRule
  | AuthorRule
  | CommitAuthorRule
  | TrailerRule
  | BodyRule
  | CheckboxRule
  | BranchRule
  | CommitSubjectRule;

export interface Signal {
  kind: RuleKind;
  detail: string;
  tool: string;
}

export interface Detection {
  ai_assisted: boolean;
  signals: Signal[];
  /** What was too long to read whole (see `LIMITS`); absent when everything was read. */
  cut?: string[];
}
