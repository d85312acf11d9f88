import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { mapOptionsSchema } from './options';
import { mapSample } from './sample';

export default defineWidget({ type: 'map', component: Widget, optionsSchema: mapOptionsSchema, accepts: ['breakdown'], sample: mapSample });
