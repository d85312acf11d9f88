export { createRealtime, type Realtime, type RealtimeDeps, type SocketViewer } from './server';
