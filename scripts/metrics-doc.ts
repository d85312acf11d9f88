// Writes docs/metrics.md from the metric catalogue, so the catalogue's words stay the one definition.
// Run: node --import tsx scripts/metrics-doc.ts   (a unit test checks the file is current)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderMetricsDoc } from '../server/metrics/doc';

const target = fileURLToPath(new URL('../docs/metrics.md', import.meta.url));
writeFileSync(target, renderMetricsDoc());
console.log(`wrote ${target}`);
