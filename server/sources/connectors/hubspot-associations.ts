/** One associated record as the v4 batch read gives it. */
export interface HsAssociated { toObjectId: string | number; associationTypes?: { category?: string; typeId?: number; label?: string | null }[] }

/**
 * HubSpot's own association types "<object> with Primary Company" (`HUBSPOT_DEFINED`), matched by id since labels change:
 * deal → company 5, ticket → company 26.
 */
export const PRIMARY_COMPANY_TYPE = { deals: 5, tickets: 26 } as const;

/**
 * A record's account: its primary company (the `HUBSPOT_DEFINED` association of type `typeId`), else, when none is marked
 * primary, the associated company with the lowest id, so the choice is stable.
 */
export function primaryCompany(companies: HsAssociated[], typeId: number = PRIMARY_COMPANY_TYPE.deals): string | undefined {
  const primary = companies.find((c) => c.associationTypes?.some((t) => t.category === 'HUBSPOT_DEFINED' && t.typeId === typeId));
  if (primary) return String(primary.toObjectId);
  const ids = companies.map((c) => String(c.toObjectId)).sort((a, b) => (a.length - b.length) || a.localeCompare(b));
  return ids[0];
}

/** The associated ids, each once (the same record can come under a labeled and the unlabeled type). */
export function associatedIds(list: HsAssociated[] | undefined): string[] {
  return [...new Set((list ?? []).map((a) => String(a.toObjectId)))];
}
