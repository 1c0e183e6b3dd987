import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { BinnedHistogram } from './binned-histogram';
import { FAST_BUCKETS, LATENCY_BUCKETS } from './metrics';

const values = [0, 0.00004, 0.0001, 0.0003, 0.002, 0.0025, 0.07, 3, 10, 11, 250];

describe('BinnedHistogram', () => {
  it("scrapes to the same text as prom-client's Histogram fed the same observations", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const config = { name: 'query_seconds', help: 'Query latency', buckets: FAST_BUCKETS };
    const binned = new BinnedHistogram({ ...config, registers: [ours] });
    const reference = new Histogram({ ...config, registers: [theirs] });
    for (const v of values) {
      binned.observe(v);
      reference.observe(v);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it('keeps one series per label value, in the order they first appeared, like prom-client', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const config = { name: 'ingest_seconds', help: 'Ingest', buckets: LATENCY_BUCKETS, labelNames: ['kind'] as const };
    const binned = new BinnedHistogram({ ...config, registers: [ours] });
    const reference = new Histogram({ ...config, registers: [theirs] });
    values.forEach((v, i) => {
      const labels = { kind: i % 3 === 0 ? 'heynow-direct' : 'whatsapp-cloud' };
      binned.observe(labels, v);
      reference.observe(labels, v);
    });
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
  });

  it('shows a zero series before any observation when it has no labels, and nothing when it has', async () => {
    const registry = new Registry();
    new BinnedHistogram({ name: 'a_seconds', help: 'A', buckets: [1], registers: [registry] });
    new BinnedHistogram({ name: 'b_seconds', help: 'B', buckets: [1], labelNames: ['x'], registers: [registry] });
    expect(await registry.metrics()).toBe(
      [
        '# HELP a_seconds A',
        '# TYPE a_seconds histogram',
        'a_seconds_bucket{le="1"} 0',
        'a_seconds_bucket{le="+Inf"} 0',
        'a_seconds_sum 0',
        'a_seconds_count 0',
        '',
        '# HELP b_seconds B',
        '# TYPE b_seconds histogram\n',
      ].join('\n'),
    );
  });

  it('refuses a value that is not a finite number and a label it was not declared with', () => {
    const h = new BinnedHistogram({ name: 'c', help: 'C', buckets: [1], labelNames: ['x'], registers: [] });
    expect(() => h.observe({ x: 'a' }, Number.NaN)).toThrow(TypeError);
    expect(() => h.observe({ x: 'a', y: 'b' } as never, 1)).toThrow(/not included/);
  });

  it('starts again from zero when the registry resets its metrics', async () => {
    const registry = new Registry();
    const h = new BinnedHistogram({ name: 'd_seconds', help: 'D', buckets: [1], registers: [registry] });
    h.observe(0.5);
    registry.resetMetrics();
    expect(await registry.metrics()).toContain('d_seconds_count 0');
  });
});
