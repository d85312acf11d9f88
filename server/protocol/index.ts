export * from './metric-key';
export * from './duration';
export * from './sla';
export type * from './values';
export type * from './sources';
export * from './events';
export * from './screen';
