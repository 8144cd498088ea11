import type { WebClient } from '@slack/web-api';
import type { AppContext } from '../../app/context.js';
import type { Actor } from '../../app/identity.js';
import type { Clock } from '../../app/ports.js';

/** What the Slack handlers need from the rest of the service. */
export interface SlackDeps {
  ctx: AppContext;
  clock: Clock;
  identify(client: WebClient, userId: string): Promise<Actor>;
  /** A decision was stored: deliver its side effects now. */
  onDecided(actor: Actor): void;
}
