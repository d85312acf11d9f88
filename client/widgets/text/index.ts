import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { textOptionsSchema } from './options';

/** No metric: `accepts` is empty and there is no sample value (see sample.ts for sample options). */
export default defineWidget({ type: 'text', component: Widget, optionsSchema: textOptionsSchema, accepts: [], sample: null });
