import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../app/ports.js';

/** Bolt's logs go into our JSON logs, tagged, instead of to the console. */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'slack' });
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => child.debug({}, text(msg)),
    info: (...msg) => child.info({}, text(msg)),
    warn: (...msg) => child.warn({}, text(msg)),
    error: (...msg) => child.error({}, text(msg)),
    setLevel: (l) => { level = l; },
    getLevel: () => level,
    setName: () => {},
  };
}
