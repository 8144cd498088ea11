import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * Before the demo wipes its data: a lock on the data directory (a second demo from
 * the same directory must not delete the database the first one is using) and the
 * port (a demo that cannot listen must not have wiped anything on its way out).
 * Returns the release of the lock.
 */
export async function claimDemo(dataDir: string, host: string, port: number): Promise<() => void> {
  const release = lockDirectory(dataDir);
  try {
    if (port !== 0) await probePort(host, port);
    return release;
  } catch (error) {
    release();
    throw error;
  }
}

/** `demo.lock` beside the demo's directory, holding our pid; a lock whose process is gone is taken over. */
function lockDirectory(dataDir: string): () => void {
  mkdirSync(join(dataDir, '..'), { recursive: true });
  const file = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
        throw new DemoBusyError(`another demo (process ${holder}) is running from this directory and using ${dataDir}; stop it first (Ctrl-C in its terminal), or run this one from another directory`);
      }
      rmSync(file, { force: true }); // left by a demo that did not stop cleanly
    }
  }
  throw new DemoBusyError(`cannot lock ${dataDir}: ${file} keeps reappearing`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Listen and close at once: an address in use fails here as the real listener would (EADDRINUSE, with address and port). */
function probePort(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}

export class DemoBusyError extends Error {
  readonly code = 'countersign_demo_busy';
}
