import type { LocalizedText } from './i18n.ts';
import type { Channel, TellerKind } from './story.ts';

/** An eliciting prompt the teller may choose to answer ("Vertel over een moment dat..."). */
export interface Prompt {
  id: string;
  text: LocalizedText;
}

/** Where and how stories are gathered for one framework version. */
export interface CollectionSettings {
  name: string;
  channels: Channel[];
  prompts: Prompt[];
  opensAt: string | null;
  closesAt: string | null;
  /** Anonymous collections never store who told a story. */
  anonymous: boolean;
  tellerKind: TellerKind;
  consentText: LocalizedText | null;
  /** Whether the unredacted original text is kept beside the redacted one (AVG: default no). */
  keepOriginalText: boolean;
}

export function isOpen(c: Pick<CollectionSettings, 'opensAt' | 'closesAt'>, at: Date): boolean {
  if (c.opensAt !== null && at < new Date(c.opensAt)) return false;
  if (c.closesAt !== null && at >= new Date(c.closesAt)) return false;
  return true;
}
