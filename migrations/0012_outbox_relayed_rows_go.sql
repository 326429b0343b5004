-- The relay now deletes what it has queued (packages/db/src/repos/pipeline.ts: relayOutbox), so
-- the outbox holds only pending records. Records relayed before are dropped here; the table is
-- small and busy, so it is vacuumed by row count, not by a share of its size.
DELETE FROM outbox WHERE relayed_at IS NOT NULL;
--> statement-breakpoint
ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
