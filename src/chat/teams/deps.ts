import type { AdapterState } from '../../app/adapter-state.js';
import type { AppContext } from '../../app/context.js';
import type { Clock } from '../../app/ports.js';
import type { TeamsIdentitySettings } from './identity.js';

export interface TeamsTurnDeps {
  ctx: AppContext;
  clock: Clock;
  state: AdapterState;
  identity: TeamsIdentitySettings;
  /** A decision was recorded: deliver its side effects soon. */
  onDecided: () => void;
}
