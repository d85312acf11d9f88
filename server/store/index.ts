export { createStore, type Store } from './store';
export { migrate } from './migrate';
export { MIGRATIONS, type Migration } from './migrations';
