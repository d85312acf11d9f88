import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from './catalogue';
import { renderMetricsDoc } from './doc';

describe('docs/metrics.md', () => {
  it('is the catalogue rendered now (run scripts/metrics-doc.ts after editing a metric)', () => {
    const committed = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderMetricsDoc());
  });

  it('documents every metric in words', () => {
    for (const metric of CATALOGUE) {
      expect(metric.description.length, metric.id).toBeGreaterThan(60);
      expect(renderMetricsDoc()).toContain(`## \`${metric.id}\``);
    }
  });
});
