import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { sql } from 'kysely';
import type { Clock } from './app/ports.js';
import type { IntakeOutcome } from './github/intake.js';
import type { Store } from './store/db.js';

/**
 * Prometheus metrics for `/metrics`. Intake is measured as it happens; everything
 * else is read from the database when scraped, so the figures are the same on every
 * replica and survive restarts (the audit trail is the source of the counts).
 */
export function createMetrics(store: Store, clock: Clock) {
  const registry = new Registry();
  // The event-loop lag histogram samples every 10 ms by default: a hundred wake-ups a
  // second, a third of an idle service's CPU (issue 12). Ten a second still records any
  // lag a scrape would show.
  collectDefaultMetrics({ register: registry, prefix: 'countersign_', eventLoopMonitoringPrecision: 100 });
  const ageSeconds = (iso: string | null) => (iso ? Math.max(0, (clock.now().getTime() - Date.parse(iso)) / 1000) : 0);

  const deliveries = new Counter({ name: 'countersign_webhook_deliveries_total', help: 'GitHub webhook deliveries by outcome (stored, duplicate, rejected, failed)', labelNames: ['outcome'], registers: [registry] });
  const intakeSeconds = new Histogram({ name: 'countersign_webhook_intake_seconds', help: 'Time from request to answer for GitHub webhooks', buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1], registers: [registry] });

  new Gauge({
    name: 'countersign_inbox_depth', help: 'Webhook deliveries by state (pending, parked)', labelNames: ['state'], registers: [registry],
    async collect() {
      this.reset();
      const rows = await store.db.selectFrom('inbox').select(['state', sql<number>`cast(count(*) as integer)`.as('n')]).where('state', 'in', ['pending', 'parked']).groupBy('state').execute();
      for (const r of rows) this.set({ state: r.state }, Number(r.n));
    },
  });
  new Gauge({
    name: 'countersign_inbox_oldest_pending_age_seconds', help: 'Age of the oldest delivery not yet applied', registers: [registry],
    async collect() {
      const row = await store.db.selectFrom('inbox').select(sql<string | null>`min(received_at)`.as('oldest')).where('state', '=', 'pending').executeTakeFirst();
      this.set(ageSeconds(row?.oldest ?? null));
    },
  });
  new Gauge({
    name: 'countersign_outbox_depth', help: 'Side effects waiting, by destination and state', labelNames: ['destination', 'state'], registers: [registry],
    async collect() {
      this.reset();
      const rows = await store.db.selectFrom('outbox').select(['destination', 'state', sql<number>`cast(count(*) as integer)`.as('n')]).where('state', 'in', ['pending', 'parked']).groupBy(['destination', 'state']).execute();
      for (const r of rows) this.set({ destination: r.destination, state: r.state }, Number(r.n));
    },
  });
  new Gauge({
    name: 'countersign_outbox_oldest_pending_age_seconds', help: 'Age of the oldest side effect not yet delivered, by destination', labelNames: ['destination'], registers: [registry],
    async collect() {
      this.reset();
      const rows = await store.db.selectFrom('outbox').select(['destination', sql<string | null>`min(created_at)`.as('oldest')]).where('state', '=', 'pending').groupBy('destination').execute();
      for (const r of rows) this.set({ destination: r.destination }, ageSeconds(r.oldest));
    },
  });
  new Gauge({
    name: 'countersign_pending_changes', help: 'Changes waiting for sign-off, by owning team', labelNames: ['team'], registers: [registry],
    async collect() {
      this.reset();
      const rows = await store.db.selectFrom('changes').select('owning_teams').where('status', 'in', ['awaiting', 'changes_requested']).where('ai_assisted', '=', 1).execute();
      const perTeam = new Map<string, number>();
      for (const r of rows) for (const team of JSON.parse(r.owning_teams) as string[]) perTeam.set(team, (perTeam.get(team) ?? 0) + 1);
      for (const [team, n] of perTeam) this.set({ team }, n);
    },
  });
  new Gauge({
    name: 'countersign_decisions_total', help: 'Recorded decisions from the audit trail: sign-offs, refused sign-offs, changes requested, overrides, escalations fired, merges without sign-off', labelNames: ['action'], registers: [registry],
    async collect() {
      this.reset();
      const actions = ['approved', 'signed_off', 'signoff_refused', 'changes_requested', 'signoff_revoked', 'overridden', 'escalated', 'merged_without_signoff'];
      const rows = await store.db.selectFrom('audit_events').select(['action', sql<number>`cast(count(*) as integer)`.as('n')]).where('action', 'in', actions).groupBy('action').execute();
      for (const action of actions) this.set({ action }, Number(rows.find((r) => r.action === action)?.n ?? 0));
    },
  });

  return {
    registry,
    /** Called by the webhook intake for every answer. */
    observeIntake(outcome: IntakeOutcome, seconds: number): void {
      deliveries.inc({ outcome });
      intakeSeconds.observe(seconds);
    },
  };
}
