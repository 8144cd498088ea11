import { sql } from 'kysely';
import { chainNext, type AuditEventBody, type ChainedAuditEvent } from '../domain/audit-chain.js';
import { storableText } from '../domain/stored-text.js';
import { insertRows, isPostgres } from './bulk-write.js';
import type { Db } from './changes.js';
import type { AuditEventRow } from './schema.js';

/** Any fixed number: the advisory lock that serialises appends to the chain. */
const AUDIT_LOCK = 7_260_531;

/** An event before it joins the chain: the chain assigns its sequence number and hashes. */
export type NewAuditEvent = Omit<AuditEventBody, 'seq'>;

/**
 * Append events to the chain, in order, inside the caller's transaction. Two writers
 * racing for the same sequence number collide on the primary key and one transaction
 * rolls back whole, so the chain never forks.
 */
export async function appendAudit(db: Db, events: readonly NewAuditEvent[]): Promise<ChainedAuditEvent[]> {
  if (events.length === 0) return [];
  return (await holdChain(db))(events);
}

/** Links events after the held chain's head, in order, and writes them. */
export type AppendToChain = (events: readonly NewAuditEvent[]) => Promise<ChainedAuditEvent[]>;

/**
 * Hold the chain's head for the rest of the transaction. The events are linked (hashed)
 * as soon as they are handed over, while statements sent before them still run on the
 * server: a sweep hashes its thousand events while its outbox insert runs (issue 12).
 * Take it after every other lock the transaction needs, as decisions do, so that two
 * transactions never wait on each other's locks in opposite orders.
 */
export async function holdChain(db: Db): Promise<AppendToChain> {
  // Postgres runs decisions side by side: take a transaction-scoped lock so appends queue
  // instead of colliding on the next sequence number. SQLite already has one writer.
  if (isPostgres(db)) await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(db);
  let last: { seq: number; hash: string } | null = await auditHead(db);
  return async (events) => {
    const details = events.map((event) => JSON.stringify(event.details ?? {}));
    const linked = events.map((event, i) => (last = chainNext(last, asStored(event, details[i]!))));
    await insertRows(db, 'audit_events', AUDIT_COLUMNS, linked.map((e, i) => ({ ...e, details: details[i] })));
    return linked;
  };
}

const AUDIT_COLUMNS = {
  seq: 'integer', at: 'text', actor: 'text', action: 'text', subject: 'text', head_sha: 'text', details: 'text', prev_hash: 'text', hash: 'text',
} as const;

/**
 * The event exactly as it will be read back, so the hash covers what is stored: text
 * columns as well-formed strings (a number is text, a lone surrogate U+FFFD, as the
 * database would make them), details as read back from `detailsText`, the JSON text the
 * column keeps (JSON gives that text again for what it parses from it).
 * Otherwise `audit verify` reports an untouched event as altered, forever.
 */
function asStored(event: NewAuditEvent, detailsText: string): NewAuditEvent {
  const text = (value: unknown) => storableText(String(value));
  return {
    at: text(event.at),
    actor: text(event.actor),
    action: text(event.action),
    subject: text(event.subject),
    head_sha: event.head_sha === null || event.head_sha === undefined ? null : text(event.head_sha),
    details: JSON.parse(detailsText),
  };
}

export function toAuditEvent(row: AuditEventRow): ChainedAuditEvent {
  return { ...row, seq: Number(row.seq), details: JSON.parse(row.details) };
}

/** Walk the trail in sequence order, a page at a time (constant memory for any length). */
export async function* readAudit(db: Db, options: { sinceAt?: string; subject?: string; pageSize?: number } = {}): AsyncGenerator<ChainedAuditEvent> {
  const pageSize = options.pageSize ?? 1000;
  let after = 0;
  for (;;) {
    let query = db.selectFrom('audit_events').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize);
    if (options.sinceAt) query = query.where('at', '>=', options.sinceAt);
    if (options.subject) query = query.where('subject', '=', options.subject);
    const rows = await query.execute();
    for (const row of rows) yield toAuditEvent(row);
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1]!.seq);
  }
}

/** The newest event's sequence number and hash: the chain's head, null while the trail is empty. */
export async function auditHead(db: Db): Promise<{ seq: number; hash: string } | null> {
  const row = await db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}
