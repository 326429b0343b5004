-- Covering indexes for the dashboard's answer filters (brushes, chosen options), so they read
-- index entries only, no table rows. Drizzle cannot declare INCLUDE columns (drizzle-orm#2972);
-- schema/stories.ts says so where the indexes are declared.
DROP INDEX "story_answer_value_idx";
--> statement-breakpoint
-- Every answer per question and period: values (dyads, scales), triad and stone points, and the
-- per-question scans of what works, read from the index alone.
CREATE INDEX "story_answer_period_idx" ON "story_answer" ("organisation_id", "question_id", "received_at")
  INCLUDE ("story_id", "collection_id", "option_id", "not_applicable", "item_id", "v1", "v2", "v3");
--> statement-breakpoint
DROP INDEX "story_answer_option_idx";
--> statement-breakpoint
CREATE INDEX "story_answer_option_idx" ON "story_answer" ("organisation_id", "question_id", "option_id", "received_at") INCLUDE ("story_id");
