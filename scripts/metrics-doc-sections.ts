// The hand-written sections of docs/metrics.md: docs/src/metrics/NN-*.md, in file-name order.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../docs/src/metrics/', import.meta.url));

export function metricsDocSections(): string[] {
  return readdirSync(DIR).filter((f) => /^\d\d-.+\.md$/.test(f)).sort().map((f) => readFileSync(DIR + f, 'utf8'));
}
