import type { CustomerTimeline } from '../../server/protocol';
import { api } from '../access/api';

/** `GET /api/customers/:id/timeline` with the wall's credentials; a refusal throws ApiError (404: unknown or out of scope). */
export const fetchTimeline = (customerId: string): Promise<CustomerTimeline> =>
  api<CustomerTimeline>('GET', `/api/customers/${encodeURIComponent(customerId)}/timeline`);
