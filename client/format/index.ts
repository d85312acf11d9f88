export * from './number';
export * from './currency';
export * from './duration';
export * from './escape';
export * from './zone';
