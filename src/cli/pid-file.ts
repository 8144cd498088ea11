import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirectory } from '../config/data-directory.js';

/**
 * `countersign start` leaves its process id in the data directory, so `countersign
 * reload` finds the process to signal without the operator looking it up. One per data
 * directory: replicas that share one (several on one PostgreSQL from the same folder)
 * are signalled one by one with `kill -HUP PID` instead.
 */
export function pidFile(databaseUrl: string, cwd: string): string {
  return join(dataDirectory(databaseUrl, cwd), 'countersign.pid');
}

/** Write this process's id; the returned function removes the file if it still names this process. */
export function writePidFile(file: string): () => void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    if (readPid(file) === process.pid) rmSync(file, { force: true });
  };
}

/** The id in the file, or null when there is no file or it does not hold one. */
export function readPid(file: string): number | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}
