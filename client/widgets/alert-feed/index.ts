import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { alertFeedOptionsSchema } from './options';

/** No metric: the feed reads the alerts store; `accepts` is empty and sample.ts holds sample alerts. */
export default defineWidget({ type: 'alert-feed', component: Widget, optionsSchema: alertFeedOptionsSchema, accepts: [], sample: null });
