import { readFileSync } from 'node:fs';
import { UsageError } from './spec.js';

/** A file's text (`-`: standard input); a file that cannot be read is one line naming it, not a stack trace. */
export function readInput(file: string, option: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : message;
    throw new UsageError(`cannot read ${option} ${file}: ${why}`);
  }
}
