// Writes docs/metrics.md from docs/src/metrics/*.md and every built-in metric (code and shipped definition files), so the catalogue's words stay the one definition.
// Run: npm run metrics-doc   (a unit test checks the file is current)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtinMetrics } from '../server/catalogue';
import { renderMetricsDoc } from '../server/metrics/doc';
import { metricsDocSections } from './metrics-doc-sections';

const target = fileURLToPath(new URL('../docs/metrics.md', import.meta.url));
writeFileSync(target, renderMetricsDoc(metricsDocSections(), builtinMetrics()));
console.log(`wrote ${target}`);
