export * from './records';
export * from './normalise';
export * from './vendor-time';
