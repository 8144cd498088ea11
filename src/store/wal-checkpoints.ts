import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Write-ahead-log pages after which a commit on the main thread checkpoints by itself. */
export const BACKSTOP_PAGES = 10_000;

// The worker's whole program: its own connection, a PASSIVE checkpoint every `everyMs`
// (never waits for, nor blocks, a reader or writer), closed when told to stop.
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error && error.message || error)); }
}, workerData.everyMs);
parentPort.once('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * SQLite copies its write-ahead log back into the database file (a checkpoint) inside
 * whichever commit takes the log past its limit, and better-sqlite3 runs on the main
 * thread: the commit after a large write (a day's digests, about 20 MB of outbox rows at
 * 1,000 teams) held the event loop for about 180 ms while webhooks and Slack waited
 * (issue 12). A worker thread on its own connection checkpoints every `everyMs` instead;
 * the main connection's own checkpoint stays as a backstop at BACKSTOP_PAGES, should the
 * worker fall behind or stop.
 */
export function checkpointInBackground(file: string, onError: (message: string) => void, everyMs = 1000): { stop(): Promise<void> } {
  const worker = new Worker(PROGRAM, { eval: true, workerData: { file, everyMs, module: createRequire(import.meta.url).resolve('better-sqlite3') } });
  worker.on('message', (message: string) => onError(message));
  worker.on('error', (error) => onError(error.message));
  worker.unref(); // never what keeps the process alive (after the listeners: adding one refs it again)
  const exited = once(worker, 'exit');
  return {
    async stop() {
      if (worker.threadId === -1) return; // already gone
      worker.ref(); // waiting for it to finish is now a reason to stay alive
      worker.postMessage('stop');
      await exited;
    },
  };
}
