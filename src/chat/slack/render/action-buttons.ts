import type { ChangeAction } from '../../../app/views.js';
import { button, type Button } from './blocks.js';
import { ACTION_IDS, encodeButtonValue, type ButtonTarget } from './ids.js';

const BUTTONS: Record<ChangeAction, { text: string; actionId: string; style?: 'primary' | 'danger' }> = {
  sign_off: { text: 'Sign off', actionId: ACTION_IDS.signoff, style: 'primary' },
  claim: { text: "I'm on it", actionId: ACTION_IDS.claim },
  request_changes: { text: 'Request changes', actionId: ACTION_IDS.requestChanges },
  override: { text: 'Override (leads)', actionId: ACTION_IDS.override, style: 'danger' },
  revoke: { text: 'Revoke my sign-off', actionId: ACTION_IDS.revoke },
  explain: { text: 'Explain this change', actionId: ACTION_IDS.explain, style: 'primary' },
};

/** The buttons for the actions the door offers (actionsFor), in its order, each carrying the change and head shown. */
export function actionButtons(actions: readonly ChangeAction[], target: ButtonTarget): Button[] {
  const value = encodeButtonValue(target);
  return actions.map((action) => button({ ...BUTTONS[action], value }));
}
