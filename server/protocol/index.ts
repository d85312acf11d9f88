export * from './metric-key';
export * from './duration';
export * from './sla';
export * from './alerts';
export type * from './values';
export type * from './sources';
export * from './events';
export * from './screen';
export * from './playlist';
