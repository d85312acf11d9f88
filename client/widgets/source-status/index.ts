import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { sourceStatusOptionsSchema } from './options';

/** No metric: `accepts` is empty and there is no sample value (see sample.ts for a sample source list). */
export default defineWidget({ type: 'source-status', component: Widget, optionsSchema: sourceStatusOptionsSchema, accepts: [], sample: null });
