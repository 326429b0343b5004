CREATE TABLE "answer_rollup_delta" (
	"organisation_id" uuid NOT NULL,
	"collection_id" uuid NOT NULL,
	"channel" "channel" NOT NULL,
	"teller_kind" "teller_kind" NOT NULL,
	"team_id" uuid,
	"day" date NOT NULL,
	"question_id" text NOT NULL,
	"key" text NOT NULL,
	"n" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "story_rollup_delta" (
	"organisation_id" uuid NOT NULL,
	"collection_id" uuid NOT NULL,
	"channel" "channel" NOT NULL,
	"teller_kind" "teller_kind" NOT NULL,
	"team_id" uuid,
	"day" date NOT NULL,
	"stories" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "answer_rollup_delta_org_day_idx" ON "answer_rollup_delta" USING btree ("organisation_id","day");--> statement-breakpoint
CREATE INDEX "story_rollup_delta_org_day_idx" ON "story_rollup_delta" USING btree ("organisation_id","day");--> statement-breakpoint
-- Rows come and go every second: vacuum after a fixed number of dead rows, not a share of a
-- table that is nearly always empty.
ALTER TABLE "story_rollup_delta" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000);
--> statement-breakpoint
ALTER TABLE "answer_rollup_delta" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000);
