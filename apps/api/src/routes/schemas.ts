import { Type } from 'typebox';
import { CHANNELS, TELLER_KINDS, type Channel as ChannelT, type TellerKind as TellerKindT } from '@vertelpunt/core';

/** Route schemas shared by several routes. Deep domain checks live in @vertelpunt/core. */
export const Uuid = Type.String({ format: 'uuid' });
export const OrgParams = Type.Object({ orgId: Uuid });
export const LocalizedText = Type.Object({ nl: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: Type.String({ maxLength: 2000 }) });
export const Channel = Type.Unsafe<ChannelT>({ type: 'string', enum: [...CHANNELS] });
export const TellerKind = Type.Unsafe<TellerKindT>({ type: 'string', enum: [...TELLER_KINDS] });
export const Prompt = Type.Object({ id: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' }), text: LocalizedText }, { additionalProperties: false });

export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  in: Type.Optional(Type.String()),
  issues: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
});

export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
};

/** A framework definition's shape is checked in depth by validateFrameworkDefinition. */
export const FrameworkDefinitionBody = Type.Object(
  { questions: Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 200 }) },
  { additionalProperties: false },
);

export const StoryResponse = Type.Object({
  id: Uuid,
  organisationId: Uuid,
  collectionId: Uuid,
  frameworkVersionId: Uuid,
  promptId: Type.Union([Type.String(), Type.Null()]),
  title: Type.Union([Type.String(), Type.Null()]),
  text: Type.String(),
  language: Type.Union([Type.String(), Type.Null()]),
  channel: Channel,
  tellerKind: TellerKind,
  tellerUserId: Type.Union([Uuid, Type.Null()]),
  teamId: Type.Union([Uuid, Type.Null()]),
  deviceId: Type.Union([Uuid, Type.Null()]),
  panelCode: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  receivedAt: Type.String({ format: 'date-time' }),
  answers: Type.Record(Type.String(), Type.Unknown()),
  redactions: Type.Record(Type.String(), Type.Integer()),
});
