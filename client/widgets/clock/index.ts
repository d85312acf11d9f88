import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { clockOptionsSchema } from './options';

/** No metric: `accepts` is empty and there is no sample value (see sample.ts for its sample instant). */
export default defineWidget({ type: 'clock', component: Widget, optionsSchema: clockOptionsSchema, accepts: [], sample: null });
