export {
  createRealtime, DEFAULT_SOCKET_LIMITS, type DropReason, type Realtime, type RealtimeDeps, type RefusalReason, type SocketLimits, type SocketViewer,
} from './server';
export { registerRealtimeMetrics } from './metrics';
export { describeIssue } from './errors';
