import { ERPNEXT_CHANNEL_FIELD, ERPNEXT_DEAL_FIELD, ERPNEXT_DEPARTMENT_FIELD } from './vendor-servers/erpnext';
import { SALESFORCE_DEPARTMENT_FIELD, SALESFORCE_REGION_FIELD, SALESFORCE_TAX_ID_FIELD } from './vendor-servers/salesforce';
import { ZENDESK_DEPARTMENT_FIELD, ZENDESK_ORDER_FIELD, ZENDESK_PRODUCT_LINE_FIELD } from './vendor-servers/zendesk';
import { ZENDESK_TAX_ID_FIELD } from './vendor-servers/zendesk-organizations';

/** The demo company's zone: the hub's, its service desk's calendar and its ERP site's. */
export const DEMO_TIMEZONE = 'Asia/Shanghai';

export { OFFICE_HOURS as DEMO_OFFICE_HOURS } from './office-hours';

/**
 * The environment variables the demo's sources read their credentials from, as a customer's sources do.
 * The hub fills them in (fresh values each run) for the demo's own sources only; see serve.ts.
 */
export const DEMO_SECRETS = {
  zendesk_email: 'OPSWALL_DEMO_ZENDESK_EMAIL', zendesk_token: 'OPSWALL_DEMO_ZENDESK_TOKEN',
  salesforce_token: 'OPSWALL_DEMO_SALESFORCE_TOKEN',
  erpnext_key: 'OPSWALL_DEMO_ERPNEXT_KEY', erpnext_secret: 'OPSWALL_DEMO_ERPNEXT_SECRET',
} as const;

/**
 * The vendors' custom fields the demo's sources map (departments, regions, channels; the links between a ticket and
 * its order and an order and its deal; the customers' tax ids; a ticket's product line, kept for the company's own
 * metric definitions), as a customer maps theirs.
 */
export const DEMO_FIELDS = {
  zendesk_department: ZENDESK_DEPARTMENT_FIELD, zendesk_order: ZENDESK_ORDER_FIELD, zendesk_tax_id: ZENDESK_TAX_ID_FIELD,
  zendesk_product_line: ZENDESK_PRODUCT_LINE_FIELD,
  salesforce_region: SALESFORCE_REGION_FIELD, salesforce_department: SALESFORCE_DEPARTMENT_FIELD, salesforce_tax_id: SALESFORCE_TAX_ID_FIELD,
  erpnext_department: ERPNEXT_DEPARTMENT_FIELD, erpnext_channel: ERPNEXT_CHANNEL_FIELD, erpnext_deal: ERPNEXT_DEAL_FIELD,
} as const;
