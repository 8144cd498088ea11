/**
 * What Countersign knows about a pull request when it decides: the shape is the one
 * `countersign detect --facts` reads, so an operator can replay any decision.
 * Every field may be missing: a payload-only evaluation has no commits.
 */
export interface CommitFacts {
  sha?: string | null;
  message?: string | null;
  author_name?: string | null;
  author_email?: string | null;
  author_login?: string | null;
  committer_name?: string | null;
  committer_email?: string | null;
  committer_login?: string | null;
}

export interface ChangeFacts {
  author?: { login?: string | null; type?: string | null; id?: number | null } | null;
  branch?: string | null;
  labels?: readonly string[] | null;
  title?: string | null;
  body?: string | null;
  /** null or absent: the commits were not read (no GitHub App configured). */
  commits?: readonly CommitFacts[] | null;
}

export interface ChangedFile {
  path: string;
  /** The old path of a renamed file: ownership of both sides matters. */
  previousPath?: string | null;
  additions: number;
  deletions: number;
}
