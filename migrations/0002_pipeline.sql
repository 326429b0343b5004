CREATE TYPE "public"."pattern_run_status" AS ENUM('running', 'done', 'failed');--> statement-breakpoint
CREATE TABLE "pattern_member" (
	"run_id" uuid NOT NULL,
	"story_id" uuid NOT NULL,
	"pattern_id" uuid NOT NULL,
	"similarity" real NOT NULL,
	CONSTRAINT "pattern_member_run_id_story_id_pk" PRIMARY KEY("run_id","story_id")
);
--> statement-breakpoint
CREATE TABLE "pattern_run" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"collection_id" uuid NOT NULL,
	"status" "pattern_run_status" DEFAULT 'running' NOT NULL,
	"reason" text NOT NULL,
	"params" jsonb NOT NULL,
	"story_count" integer DEFAULT 0 NOT NULL,
	"k" integer,
	"quality" jsonb,
	"progress" real DEFAULT 0 NOT NULL,
	"model" jsonb,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer
);
--> statement-breakpoint
CREATE TABLE "pattern" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"collection_id" uuid NOT NULL,
	"first_run_id" uuid NOT NULL,
	"last_run_id" uuid NOT NULL,
	"keywords" text[] NOT NULL,
	"size" integer NOT NULL,
	"representative_ids" uuid[] NOT NULL,
	"profile" jsonb NOT NULL,
	"mean_sentiment" real NOT NULL,
	"centroid" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "story_enrichment" (
	"story_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"collection_id" uuid NOT NULL,
	"language" text NOT NULL,
	"sentiment" real NOT NULL,
	"token_count" integer NOT NULL,
	"terms" jsonb NOT NULL,
	"pattern_id" uuid,
	"similarity" real,
	"enriched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "story" ADD COLUMN "redactions" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "story" ADD COLUMN "original_text" text;--> statement-breakpoint
ALTER TABLE "pattern_member" ADD CONSTRAINT "pattern_member_run_id_pattern_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."pattern_run"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pattern_member" ADD CONSTRAINT "pattern_member_story_id_story_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."story"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pattern_member" ADD CONSTRAINT "pattern_member_pattern_id_pattern_id_fk" FOREIGN KEY ("pattern_id") REFERENCES "public"."pattern"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pattern_run" ADD CONSTRAINT "pattern_run_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pattern_run" ADD CONSTRAINT "pattern_run_collection_id_collection_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collection"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pattern" ADD CONSTRAINT "pattern_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pattern" ADD CONSTRAINT "pattern_collection_id_collection_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collection"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_enrichment" ADD CONSTRAINT "story_enrichment_story_id_story_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."story"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pattern_member_pattern_idx" ON "pattern_member" USING btree ("pattern_id","run_id");--> statement-breakpoint
CREATE INDEX "pattern_run_collection_idx" ON "pattern_run" USING btree ("collection_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "pattern_collection_idx" ON "pattern" USING btree ("collection_id","last_run_id");--> statement-breakpoint
CREATE INDEX "story_enrichment_pattern_idx" ON "story_enrichment" USING btree ("organisation_id","pattern_id");--> statement-breakpoint
CREATE INDEX "story_enrichment_collection_idx" ON "story_enrichment" USING btree ("collection_id");