export * from './number';
export * from './duration';
export * from './escape';
export * from './zone';
