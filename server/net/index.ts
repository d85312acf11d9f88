export * from './http';
export { RetryLaterError } from './errors';
export { isLoopback } from './loopback';
