export { createRealtime, type Realtime, type RealtimeDeps } from './server';
