import type { Answers } from './answers.ts';

export const CHANNELS = ['web', 'tablet', 'kiosk', 'interview'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TELLER_KINDS = ['staff', 'client'] as const;
export type TellerKind = (typeof TELLER_KINDS)[number];

/** What a client sends. `id` is generated on the device so offline retries are idempotent. */
export interface StoryInput {
  id: string;
  collectionId: string;
  promptId?: string;
  title?: string;
  text: string;
  language?: string;
  /** When the story was told, by the device's clock (ISO 8601). */
  createdAt: string;
  /** Pseudonymous code to follow one client over time; never a name or BSN. */
  panelCode?: string;
  answers: Record<string, unknown>;
}

export interface Story {
  id: string;
  organisationId: string;
  collectionId: string;
  frameworkVersionId: string;
  promptId: string | null;
  title: string | null;
  text: string;
  language: string | null;
  channel: Channel;
  tellerKind: TellerKind;
  tellerUserId: string | null;
  deviceId: string | null;
  panelCode: string | null;
  createdAt: string;
  receivedAt: string;
  answers: Answers;
}

/** Panel codes are pseudonyms chosen by the organisation: short, no spaces, no personal data. */
export const PANEL_CODE = /^[A-Za-z0-9_-]{4,64}$/;
