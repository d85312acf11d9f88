import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { lineOptionsSchema } from './options';
import { lineSample } from './sample';

export default defineWidget({ type: 'line', component: Widget, optionsSchema: lineOptionsSchema, accepts: ['series'], sample: lineSample });
