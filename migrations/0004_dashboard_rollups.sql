CREATE TABLE "answer_rollup_day" (
	"organisation_id" uuid NOT NULL,
	"day" date NOT NULL,
	"collection_id" uuid NOT NULL,
	"channel" "channel" NOT NULL,
	"teller_kind" "teller_kind" NOT NULL,
	"team_id" uuid,
	"question_id" text NOT NULL,
	"key" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "answer_rollup_day_key" UNIQUE NULLS NOT DISTINCT("organisation_id","day","collection_id","channel","teller_kind","team_id","question_id","key")
);
--> statement-breakpoint
CREATE TABLE "story_rollup_day" (
	"organisation_id" uuid NOT NULL,
	"day" date NOT NULL,
	"collection_id" uuid NOT NULL,
	"channel" "channel" NOT NULL,
	"teller_kind" "teller_kind" NOT NULL,
	"team_id" uuid,
	"stories" integer NOT NULL,
	CONSTRAINT "story_rollup_day_key" UNIQUE NULLS NOT DISTINCT("organisation_id","day","collection_id","channel","teller_kind","team_id")
);
--> statement-breakpoint
ALTER TABLE "answer_rollup_day" ADD CONSTRAINT "answer_rollup_day_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_rollup_day" ADD CONSTRAINT "answer_rollup_day_collection_id_collection_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collection"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_rollup_day" ADD CONSTRAINT "story_rollup_day_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_rollup_day" ADD CONSTRAINT "story_rollup_day_collection_id_collection_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collection"("id") ON DELETE cascade ON UPDATE no action;