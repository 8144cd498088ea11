/**
 * How an oversized change could be split (issue 15): one part per owning team and
 * top-level directory, with the lines of each, so the author can see which pieces a
 * reviewer could read in one sitting.
 */
export interface OwnedFile {
  path: string;
  additions: number;
  deletions: number;
  /** Teams that own this file (CODEOWNERS); empty: the change's owners. */
  teams: readonly string[];
}

export interface SplitPart {
  team: string | null;
  /** The top-level directory, or `(root)` for files at the top. */
  directory: string;
  lines: number;
  files: number;
  /** Still over the reviewable size on its own. */
  oversized: boolean;
}

export const ROOT_DIRECTORY = '(root)';

/**
 * Null when the change is within `reviewableLines`, or when it has one part only
 * (nothing to split along). Largest parts first; a file owned by two teams counts
 * in both (each team reviews it).
 */
export function suggestSplit(files: readonly OwnedFile[], reviewableLines: number): SplitPart[] | null {
  const total = files.reduce((sum, f) => sum + f.additions + f.deletions, 0);
  if (total <= reviewableLines) return null;
  const parts = new Map<string, SplitPart>();
  for (const file of files) {
    const directory = topLevel(file.path);
    for (const team of file.teams.length > 0 ? file.teams : [null]) {
      const key = `${team ?? ''}\u0000${directory}`;
      const part = parts.get(key) ?? { team, directory, lines: 0, files: 0, oversized: false };
      part.lines += file.additions + file.deletions;
      part.files += 1;
      parts.set(key, part);
    }
  }
  if (parts.size < 2) return null;
  return [...parts.values()]
    .map((p) => ({ ...p, oversized: p.lines > reviewableLines }))
    .sort((a, b) => b.lines - a.lines || (a.team ?? '').localeCompare(b.team ?? '') || a.directory.localeCompare(b.directory));
}

function topLevel(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? ROOT_DIRECTORY : path.slice(0, slash);
}
