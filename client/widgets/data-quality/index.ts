import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { dataQualityOptionsSchema } from './options';

/** No metric: `accepts` is empty and there is no sample value (see sample.ts for a sample source list). */
export default defineWidget({ type: 'data-quality', component: Widget, optionsSchema: dataQualityOptionsSchema, accepts: [], sample: null });
