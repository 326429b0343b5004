/** A user's role within one organisation. A user may hold a role in several organisations. */
export const ROLES = ['admin', 'analyst', 'researcher', 'facilitator', 'caseworker'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'org:read',
  'framework:read',
  'framework:write',
  'collection:read',
  'collection:write',
  'device:manage',
  'member:manage',
  'story:create',
  /** Read every story of the organisation (a caseworker reads only their own). */
  'story:read-all',
  'story:read-own',
] as const;
export type Action = (typeof ACTIONS)[number];

const READERS: Action[] = ['org:read', 'framework:read', 'collection:read', 'story:read-all', 'story:read-own'];

/** Who may do what. Kept in one table so the test can check every route against it. */
export const PERMISSIONS: Record<Role, readonly Action[]> = {
  admin: ACTIONS,
  analyst: READERS,
  researcher: READERS,
  facilitator: [...READERS, 'story:create'],
  caseworker: ['org:read', 'framework:read', 'collection:read', 'story:create', 'story:read-own'],
};

export function can(role: Role, action: Action): boolean {
  return PERMISSIONS[role].includes(action);
}
