import type { ReviewRequestView } from '../../../app/views.js';
import { EXPLANATION_LABELS, EXPLANATION_QUESTIONS, type Explanation } from '../../../domain/accountability/explanation.js';
import { actionSet, adaptiveCard, heading, line, note, titleRun, type AdaptiveCard, type Element, type Target } from './card.js';
import { oneLine, run } from './text.js';
import { INPUTS, NOTE_MAX, VERBS } from './verbs.js';

/**
 * The forms a button opens, returned to the clicker alone (the invoke's answer) and
 * never posted. Each carries the head it was opened at; the one door refuses a form
 * whose head is gone. Inputs are checked again when submitted: a client may skip
 * `isRequired`.
 */
export interface FormOptions {
  /** Shown in red at the top when a submission was refused. */
  problem?: string | null;
  /** The door's binding for this form (its revision, a key used once), sent back on submit. */
  binding?: { revision: number; formKey: string };
}

export function signoffForm(view: ReviewRequestView, attestations: readonly string[], options: FormOptions = {}): AdaptiveCard {
  const toggles = attestations.map((statement, i) => ({
    type: 'Input.Toggle', id: INPUTS.attestation(i), title: statement, valueOn: 'true', valueOff: 'false', value: 'false',
    isRequired: true, errorMessage: 'Tick every statement, or request changes instead',
  }));
  return form(view, `Sign off at ${view.headSha.slice(0, 7)}`, 'Tick every statement; if one is not true, request changes instead.', [
    ...toggles,
    { type: 'Input.Text', id: INPUTS.note, label: 'Note (optional)', isMultiline: true, maxLength: NOTE_MAX, placeholder: 'What did you check?' },
  ], VERBS.signoff, 'Sign off', options);
}

export function requestChangesForm(view: ReviewRequestView, options: FormOptions = {}): AdaptiveCard {
  return form(view, 'Request changes', 'The author and the thread see your reason.', [
    { type: 'Input.Text', id: INPUTS.note, label: 'What needs to change?', isMultiline: true, maxLength: NOTE_MAX, isRequired: true, errorMessage: 'Say what needs to change' },
  ], VERBS.requestChanges, 'Request changes', options);
}

export function overrideForm(view: ReviewRequestView, options: FormOptions = {}): AdaptiveCard {
  return form(view, 'Override without the sign-offs (leads)', 'The change may merge without a senior sign-off. Your reason goes into the audit trail and the next digest.', [
    { type: 'Input.Text', id: INPUTS.note, label: 'Why can this not wait for a sign-off?', isMultiline: true, maxLength: NOTE_MAX, isRequired: true, errorMessage: 'Give a reason' },
  ], VERBS.override, 'Override', options);
}

/** "Explain this change": the author's three answers, each required, prefilled with what they wrote before. */
export function explanationForm(view: ReviewRequestView, answers: Explanation, options: Pick<FormOptions, 'problem'> = {}): AdaptiveCard {
  const inputs: Element[] = EXPLANATION_QUESTIONS.map((q) => ({
    type: 'Input.Text', id: INPUTS.explanation(q), label: EXPLANATION_LABELS[q], isMultiline: true, maxLength: NOTE_MAX, isRequired: true,
    errorMessage: 'Answer in your own words', ...(answers[q] ? { value: answers[q].slice(0, NOTE_MAX) } : {}),
  }));
  return form(view, 'Explain this change', 'So a senior can sign it off: what it changes, how you verified it, what could break. Your answers are shown on the request and the GitHub check, and kept in the audit trail with the commit they describe.',
    inputs, VERBS.explain, 'Save the explanation', options);
}

function form(view: ReviewRequestView, title: string, hint: string, inputs: Element[], verb: string, submit: string, options: FormOptions): AdaptiveCard {
  const target: Target = { changeId: view.changeId, headSha: view.headSha };
  const body: Element[] = [];
  if (options.problem) body.push(note(options.problem, { isSubtle: false, color: 'Attention', weight: 'Bolder', size: 'Default' }));
  body.push(
    heading(title),
    line(titleRun(oneLine(view.title), view.url)),
    line(run(`${oneLine(view.repo)}#${view.number} · by ${oneLine(view.author, 80)} · head ${view.headSha.slice(0, 7)}`, { isSubtle: true })),
    note(hint, { isSubtle: false, size: 'Default' }),
    ...inputs,
  );
  body.push(actionSet([
    { type: 'Action.Execute', title: submit, verb, data: { ...target, ...options.binding }, associatedInputs: 'auto', style: 'positive' },
    { type: 'Action.Execute', title: 'Cancel', verb: VERBS.refresh, data: target, associatedInputs: 'none' },
  ])!);
  return adaptiveCard(body, { fallbackText: `${title}: ${oneLine(view.repo)}#${view.number}` });
}
