import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { reassignmentsOptionsSchema } from './options';
import { reassignmentsSample } from './sample';

export default defineWidget({ type: 'reassignments', component: Widget, optionsSchema: reassignmentsOptionsSchema, accepts: ['reassignments'], sample: reassignmentsSample });
