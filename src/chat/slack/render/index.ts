/**
 * Slack Block Kit rendering of the platform-neutral views in `app/views.ts`. Pure:
 * no clock, no I/O. Every user string is escaped here (`escapeMrkdwn`) or sent as
 * plain_text, and every Slack limit is enforced in `limits.ts`.
 */
export { escapeMrkdwn, mrkdwnLink } from './escape.js';
export { LIMITS, LIST_ITEMS } from './limits.js';
export type { KnownBlock, SlackHomeView, SlackMessage, SlackModalView } from './blocks.js';
export { formatDuration, waiting } from './format.js';
export {
  ACTION_IDS, BLOCK_IDS, CALLBACK_IDS, ELEMENT_IDS, METADATA_EVENT_TYPE,
  decodeButtonValue, decodePrivateMetadata, encodeButtonValue, encodePrivateMetadata,
  type ButtonTarget, type ModalTarget,
} from './ids.js';
export { awaitsDecision, renderReviewRequest, type RenderedReviewRequest } from './review-request.js';
export { renderThreadNotice, type ThreadNoticeInput } from './thread-notice.js';
export { renderQueryAnswer, type QueryAnswerOptions } from './query-answer.js';
export { renderHome } from './home.js';
export { explanationModal, overrideModal, requestChangesModal, signoffModal, type ModalInput, type SignoffModalInput } from './modals.js';
export { refusalMessage } from './refusal.js';
export { renderAlert } from './alert.js';
export { renderDigest } from './digest.js';
