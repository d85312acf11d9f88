import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { flowPathsOptionsSchema } from './options';
import { flowPathsSample } from './sample';

export default defineWidget({ type: 'flow-paths', component: Widget, optionsSchema: flowPathsOptionsSchema, accepts: ['flow-paths'], sample: flowPathsSample });
