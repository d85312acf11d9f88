export * from './http';
export { RetryLaterError } from './errors';
