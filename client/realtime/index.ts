export { useRealtime, useServerNow } from './useRealtime';
export { startRealtime, type RealtimeSession, type RealtimeStores } from './client';
export type { HubLink, LinkHandlers } from './link';
export { acknowledgeAlert } from './alerts-api';
