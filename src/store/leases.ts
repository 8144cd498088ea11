import type { Db } from './changes.js';

/**
 * Take (or renew) a named lease until `until`, unless another holder has one that has
 * not expired. Replicas call this before a job; only one gets it. Returns whether
 * `holder` holds the lease now.
 */
export async function acquireLease(db: Db, name: string, holder: string, now: string, until: string): Promise<boolean> {
  await db.insertInto('leases').values({ name, holder, expires_at: until })
    .onConflict((oc) => oc.column('name').doUpdateSet({ holder, expires_at: until })
      .where((eb) => eb.or([eb('leases.expires_at', '<=', now), eb('leases.holder', '=', holder)])))
    .execute();
  const row = await db.selectFrom('leases').select('holder').where('name', '=', name).executeTakeFirst();
  return row?.holder === holder;
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}

/** Claim a once-only job run ("digest:payments:2026-11-22"); false when it already ran. */
/** Several once-per-day runs at once: the names this call claimed (the others ran already). */
export async function claimJobRuns(db: Db, jobs: readonly string[], holder: string, now: string): Promise<Set<string>> {
  if (jobs.length === 0) return new Set();
  const inserted = await db.insertInto('job_runs').values(jobs.map((job) => ({ job, ran_at: now, holder })))
    .onConflict((oc) => oc.column('job').doNothing()).returning('job').execute();
  return new Set(inserted.map((r) => r.job));
}

export async function claimJobRun(db: Db, job: string, holder: string, now: string): Promise<boolean> {
  const inserted = await db.insertInto('job_runs').values({ job, ran_at: now, holder })
    .onConflict((oc) => oc.column('job').doNothing()).returning('job').executeTakeFirst();
  return inserted !== undefined;
}
