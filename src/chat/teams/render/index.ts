export { decisionButtons, renderReviewRequest, reviewRequestBody, type CardAction, type ReviewCardOptions } from './review-request.js';
export { signoffForm, requestChangesForm, overrideForm, explanationForm } from './forms.js';
export { renderThreadNotice, renderAlert } from './notices.js';
export { renderDigest } from './digest.js';
export { renderQueryAnswer } from './query-answer.js';
export { CARD_BUDGET_BYTES, utf16Bytes, type AdaptiveCard } from './card.js';
export { VERBS, INPUTS, NOTE_MAX } from './verbs.js';
