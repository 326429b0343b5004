/** The dashboard API's answers (apps/api/src/routes/dashboard.ts), as the web app reads them. */
export type Label = { nl: string; en?: string } & Record<string, string>;
export interface Option {
  id: string;
  label: Label;
  positive?: boolean;
}
export type ChartedQuestion =
  | { id: string; kind: 'triad'; label: Label; corners: [Label, Label, Label] }
  | { id: string; kind: 'dyad'; label: Label; left: Label; right: Label }
  | { id: string; kind: 'stones'; label: Label; items: Option[]; xAxis: { label: Label; low: Label; high: Label }; yAxis: { label: Label; low: Label; high: Label } }
  | { id: string; kind: 'singleChoice' | 'multipleChoice'; label: Label; options: Option[] }
  | { id: string; kind: 'scale'; label: Label; min: number; max: number; step: number };

export interface Meta {
  minN: number;
  collections: { id: string; name: string; tellerKind: string; channels: string[] }[];
  teams: { id: string; name: string }[];
  channels: string[];
  tellerKinds: string[];
  questions: ChartedQuestion[];
}

export type Count = number | null;
export interface Series {
  key: string;
  counts: Count[];
}
export interface Overview {
  minN: number;
  grain: 'day' | 'week' | 'month';
  total: number | null;
  suppressed: boolean;
  buckets: string[];
  series: Record<string, Series[]>;
  facets: Record<string, { key: string; n: Count }[]>;
}

export interface Point {
  id: string;
  item?: string;
  v: number[];
}
export interface Signifiers {
  minN: number;
  total: number | null;
  suppressed: boolean;
  sampled: boolean;
  pointLimit?: number;
  counts: Record<string, Record<string, Count>>;
  points: Record<string, Point[]>;
}

export interface DashboardStory {
  id: string;
  collectionId: string;
  title: string | null;
  text: string;
  channel: string;
  tellerKind: string;
  teamId: string | null;
  receivedAt: string;
}
export interface StoryList {
  total: number | null;
  items: DashboardStory[];
  nextCursor: string | null;
}

export interface Pattern {
  id: string;
  keywords: string[];
  size: number;
  representativeIds: string[];
  profile: Record<string, number>;
  meanSentiment: number;
  trend: Count[];
}
export interface Patterns {
  minN: number;
  collectionId: string | null;
  buckets: string[];
  suppressedPatterns: number;
  patterns: Pattern[];
}

export interface Estimate {
  n: number;
  share: number;
  low: number;
  high: number;
}
export type WhatWorksCell = { situation: string; intervention: string; suppressed: true } | { situation: string; intervention: string; suppressed: false; n: number; positive: Estimate | null; value: { n: number; mean: number; low: number; high: number } | null; lift: number | null };
export interface WhatWorks {
  minN: number;
  situations: { id: string; label: string }[];
  interventions: { id: string; label: string }[];
  cells: WhatWorksCell[];
}

export interface LiveCounters {
  total: Count;
  today: Count;
  week: Count;
  at: string;
}
