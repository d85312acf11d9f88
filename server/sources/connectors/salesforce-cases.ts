import { z } from 'zod';
import { isoToUtc, laterOf, TICKET_PRIORITIES, TICKET_STATUSES, type Ticket, type TicketEvent, type TicketPriority, type TicketStatus } from '../../model';
import { linkFieldsSchema, readLinks, type LinkField } from './links';
import { extraFieldsSchema, readExtra, type ExtraField } from './extra-fields';
import { valueAt } from './mapping';
import { mapped } from './service-desk';

/** Salesforce's default Case `Status` picklist (New, Working, Escalated, Closed) → canonical status; `case_status_map` wins. */
export const SALESFORCE_CASE_STATUSES: Record<string, TicketStatus> = { New: 'new', Working: 'open', Escalated: 'open', Closed: 'closed' };
/** Salesforce's default Case `Priority` picklist (High, Medium, Low) → canonical priority; `case_priority_map` adds or overrides. */
export const SALESFORCE_CASE_PRIORITIES: Record<string, TicketPriority> = { High: 'high', Medium: 'normal', Low: 'low' };

/** The keys salesforceCase writes in `extra` itself. */
const CASE_EXTRA = ['case_number', 'status_name', 'priority_name', 'owner_id'];

/** The Salesforce options for cases (`field` validates a field API name). */
export function salesforceCaseOptions(field: z.ZodType<string>) {
  return {
    /** Read Case as `ticket` records (after the opportunities, accounts and orders of each run). */
    cases: z.boolean().default(false),
    /** Case `Status` (the org's picklist) → canonical status; wins over IsClosed and the default picklist. */
    case_status_map: z.record(z.string(), z.enum(TICKET_STATUSES)).default({}),
    /** Case `Priority` (the org's picklist) → canonical priority, merged over High/Medium/Low. */
    case_priority_map: z.record(z.string(), z.enum(TICKET_PRIORITIES)).default({}),
    /** Read the owner changes of each page of cases from CaseHistory, as `group` (a queue) and `assignee` (a user) events. */
    case_history: z.boolean().default(true),
    /** Put on every case of this source, for the `department` filter and SLA policies. */
    case_department: z.string().min(1).max(100).optional(),
    /** Case fields (API names, e.g. a lookup `Order__c` or a text `ERP_Order_Number__c`) holding the id of a linked record. */
    case_links: linkFieldsSchema(field),
    /** Case fields (API names, e.g. `Type`, `Reason`, a custom `Product_Line__c`) added to the SOQL select list and kept in each ticket's `extra`. */
    case_extra_fields: extraFieldsSchema(field, CASE_EXTRA),
  };
}

export interface SalesforceCaseOptions {
  case_status_map: Record<string, TicketStatus>; case_priority_map: Record<string, TicketPriority>;
  case_department?: string | undefined; case_links: LinkField[]; case_extra_fields?: ExtraField[];
}

/** A queried Case row (the Object Reference, Case): the fields the connector reads and any the options name. */
export interface SfCase {
  [field: string]: unknown;
  Id: string; CaseNumber?: string | null; Subject?: string | null; Status?: string | null; IsClosed?: boolean; Priority?: string | null;
  Origin?: string | null; AccountId?: string | null; Account?: { Name?: string | null } | null; OwnerId?: string | null;
  Owner?: { Name?: string | null } | null; CreatedDate: string; ClosedDate?: string | null; LastModifiedDate?: string | null;
  SystemModstamp: string; IsDeleted?: boolean;
}
/** A CaseHistory row (the Object Reference, CaseHistory). */
export interface SfCaseHistory { CaseId: string; Field: string; OldValue?: unknown; NewValue?: unknown; CreatedDate: string }

/** What kind of owner an id names, by its key prefix: `005` a User, `00G` a Group (a queue owns cases as a Group). */
export function ownerKind(id: string | null | undefined): 'assignee' | 'group' | undefined {
  if (!id) return undefined;
  return id.startsWith('00G') ? 'group' : id.startsWith('005') ? 'assignee' : undefined;
}

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

/**
 * The owner changes of one case as ticket events, oldest first. Each change is two rows with one CreatedDate (CaseHistory:
 * "one row contains the foreign key object names … the other row contains the actual foreign key ID"): the id row says
 * whether the new owner is a queue (`group`) or a user (`assignee`), the name row gives the name (what the ticket's
 * `group` and `assignee` hold); a change with no name row keeps the id.
 */
export function ownerEvents(rows: SfCaseHistory[]): TicketEvent[] {
  const byTime = new Map<string, { id?: string; name?: string }>();
  for (const r of rows) {
    const value = typeof r.NewValue === 'string' ? r.NewValue : undefined;
    if (!value) continue;
    const at = isoToUtc(r.CreatedDate);
    const change = byTime.get(at) ?? {};
    if (SALESFORCE_ID.test(value) && ownerKind(value)) change.id = value; else change.name = value;
    byTime.set(at, change);
  }
  return [...byTime.entries()].sort(([a], [b]) => Date.parse(a) - Date.parse(b)).flatMap(([at, c]): TicketEvent[] => {
    const kind = ownerKind(c.id);
    return kind ? [{ at, kind, to: c.name ?? c.id! }] : [];
  });
}

/**
 * A case's canonical status: deleted (IsDeleted) is a tombstone; else the tenant's map by `Status`; else a closed case
 * (IsClosed, from the org's CaseStatus) is `closed`; else the default picklist; else `open`.
 */
export function salesforceCaseStatus(c: Pick<SfCase, 'Status' | 'IsClosed' | 'IsDeleted'>, map: Record<string, TicketStatus>): TicketStatus {
  if (c.IsDeleted) return 'deleted';
  const byMap = c.Status ? map[c.Status] : undefined;
  if (byMap) return byMap;
  if (c.IsClosed) return 'closed';
  return (c.Status ? SALESFORCE_CASE_STATUSES[c.Status] : undefined) ?? 'open';
}

/**
 * One Case → a canonical ticket: `AccountId` its account, the owner its group (a queue) or assignee (a user), `Origin` its
 * channel, the `case_links` fields its links. Events: the close at `ClosedDate` of a closed case, and the owner changes
 * read from CaseHistory.
 */
export function salesforceCase(c: SfCase, opts: SalesforceCaseOptions, history: SfCaseHistory[] = []): Ticket {
  const status = salesforceCaseStatus(c, opts.case_status_map);
  const owner = ownerKind(c.OwnerId);
  const ownerName = c.Owner?.Name ?? c.OwnerId ?? undefined;
  const closedAt = c.IsClosed && c.ClosedDate && (status === 'closed' || status === 'solved') ? isoToUtc(c.ClosedDate) : undefined;
  const events: TicketEvent[] = [...ownerEvents(history), ...(closedAt ? [{ at: closedAt, kind: 'status' as const, to: status }] : [])]
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const links = readLinks(opts.case_links, (path) => valueAt(c, path));
  return {
    type: 'ticket', id: c.Id, status,
    priority: mapped(c.Priority ?? undefined, opts.case_priority_map, SALESFORCE_CASE_PRIORITIES) ?? 'normal',
    created_at: isoToUtc(c.CreatedDate),
    updated_at: laterOf(isoToUtc(c.SystemModstamp), c.LastModifiedDate ? isoToUtc(c.LastModifiedDate) : undefined)!,
    ...(c.Subject ? { subject: c.Subject } : {}),
    ...(owner && ownerName ? { [owner]: ownerName } : {}),
    ...(c.AccountId ? { account_id: c.AccountId } : {}),
    ...(c.Account?.Name ? { customer: c.Account.Name } : {}),
    ...(links ? { links } : {}),
    ...(c.Origin ? { channel: c.Origin.toLowerCase() } : {}),
    ...(opts.case_department ? { department: opts.case_department } : {}),
    ...(events.length > 0 ? { events } : {}),
    extra: {
      ...readExtra(opts.case_extra_fields ?? [], (path) => valueAt(c, path)),
      ...(c.CaseNumber ? { case_number: c.CaseNumber } : {}), ...(c.Status ? { status_name: c.Status } : {}),
      ...(c.Priority ? { priority_name: c.Priority } : {}), ...(c.OwnerId ? { owner_id: c.OwnerId } : {}),
    },
  };
}

/** Cases changed at or after `from` (the SOQL is built by the connector's incremental query). */
export const CASE_FIELDS = ['Id', 'CaseNumber', 'Subject', 'Status', 'IsClosed', 'Priority', 'Origin', 'AccountId', 'Account.Name', 'OwnerId', 'Owner.Name',
  'CreatedDate', 'ClosedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted'];

/**
 * The CaseHistory rows of owner changes for some cases: `Field` is the field's name (`Owner`) or, for assignment rules,
 * `ownerAssignment` (the Object Reference's special values).
 */
export function caseHistorySoql(ids: string[]): string {
  const list = ids.map((id) => `'${id.replace(/[^A-Za-z0-9]/g, '')}'`).join(',');
  return `SELECT CaseId, Field, OldValue, NewValue, CreatedDate FROM CaseHistory WHERE CaseId IN (${list}) AND Field IN ('Owner','ownerAssignment') ORDER BY CreatedDate`;
}
