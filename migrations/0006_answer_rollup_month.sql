CREATE TABLE "answer_rollup_month" (
	"organisation_id" uuid NOT NULL,
	"month" date NOT NULL,
	"collection_id" uuid NOT NULL,
	"channel" "channel" NOT NULL,
	"teller_kind" "teller_kind" NOT NULL,
	"team_id" uuid,
	"question_id" text NOT NULL,
	"key" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "answer_rollup_month_key" UNIQUE NULLS NOT DISTINCT("organisation_id","month","collection_id","channel","teller_kind","team_id","question_id","key")
);
--> statement-breakpoint
ALTER TABLE "answer_rollup_month" ADD CONSTRAINT "answer_rollup_month_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_rollup_month" ADD CONSTRAINT "answer_rollup_month_collection_id_collection_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collection"("id") ON DELETE cascade ON UPDATE no action;