import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { metricsDocSections } from '../../scripts/metrics-doc-sections';
import { builtinMetrics } from '../catalogue';
import { renderMetricsDoc } from './doc';

describe('docs/metrics.md', () => {
  const builtins = builtinMetrics();
  const rendered = renderMetricsDoc(metricsDocSections(), builtins);

  it('is the sections and the catalogue rendered now (run npm run metrics-doc after editing either)', () => {
    const committed = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
    expect(committed).toBe(rendered);
  });

  it('documents every metric in words', () => {
    for (const metric of builtins) {
      expect(metric.description.length, metric.id).toBeGreaterThan(60);
      expect(rendered).toContain(`### \`${metric.id}\``);
    }
  });

  it('starts every hand-written section with its heading', () => {
    for (const section of metricsDocSections()) expect(section).toMatch(/^## \S/);
  });
});
