export { useValuesStore } from './values';
export { useConnectionStore, type ConnectionPhase, type ConnectionError } from './connection';
export { useSourcesStore } from './sources';
export { useAlertsStore } from './alerts';
export { useScreenStore } from './screen';
export { useTakeoverStore } from './takeover';
