import type { DigestView } from '../domain/digest.js';

/** A digest as an outbox row holds it: rows queued by an earlier version lack the later fields. */
type StoredDigest = Omit<DigestView, 'pendingTotal' | 'changesRequestedTotal' | 'traced' | 'quality' | 'rubberStamps'> & Partial<DigestView>;

/**
 * A digest is posted as it was built, so a row queued before an upgrade reaches the new
 * renderers in the old shape (no totals, traces, quality table or form times). Fill in
 * what those rows could not know, rather than lose that morning's digest to a crash.
 */
export function storedDigest(stored: StoredDigest): DigestView {
  return {
    ...stored,
    pendingTotal: stored.pendingTotal ?? stored.pending.length,
    changesRequestedTotal: stored.changesRequestedTotal ?? stored.changesRequested.length,
    traced: stored.traced ?? [],
    quality: stored.quality ?? null,
    rubberStamps: (stored.rubberStamps ?? []).map((s) => ({ ...s, formSeconds: s.formSeconds ?? null })),
  };
}
