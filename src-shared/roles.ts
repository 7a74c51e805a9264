export const ROLES = ['coordinator', 'supervisor', 'clinician', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Everyone who works with patients; most channels allow these. */
export const CARE_TEAM: readonly Role[] = ROLES;
