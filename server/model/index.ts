export * from './records';
export * from './normalise';
