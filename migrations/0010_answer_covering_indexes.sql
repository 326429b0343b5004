-- Covering indexes for the dashboard's answer filters (brushes, chosen options), so they read
-- index entries only, no table rows. Drizzle cannot declare INCLUDE columns (drizzle-orm#2972);
-- schema/stories.ts says so where the indexes are declared.
DROP INDEX "story_answer_value_idx";
--> statement-breakpoint
-- Values (dyads, scales), triad and stone points per question and period.
CREATE INDEX "story_answer_point_idx" ON "story_answer" ("organisation_id", "question_id", "received_at")
  INCLUDE ("story_id", "v1", "v2", "v3", "item_id") WHERE "option_id" IS NULL AND NOT "not_applicable";
--> statement-breakpoint
DROP INDEX "story_answer_option_idx";
--> statement-breakpoint
CREATE INDEX "story_answer_option_idx" ON "story_answer" ("organisation_id", "question_id", "option_id", "received_at") INCLUDE ("story_id");
