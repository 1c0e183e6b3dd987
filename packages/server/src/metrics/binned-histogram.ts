import type { Registry } from 'prom-client';

type Labels = Record<string, string>;

/** One label set's counts: observations per bucket (not cumulative), their sum and their number. */
interface Series {
  labels: Labels;
  bins: Float64Array;
  sum: number;
  count: number;
}

/** A sample as prom-client's registry formats it: `labels` first, then the series' own (`sharedLabels`). */
interface Sample {
  metricName: string;
  labels: Labels;
  sharedLabels: Labels;
  value: number;
  /** prom-client's buckets carry an exemplar slot (none here: exemplars are off). */
  exemplar?: null;
}

/**
 * A Prometheus histogram whose `observe` only finds a bucket and adds to it; the exposition is built when the
 * registry is scraped. prom-client's own Histogram does much more per observation (a closure, label
 * validation, a label hash, a number-keyed bucket object): on the ingest path, with an observation per
 * database query, that was 1.5 % of the server's busy time. The scrape output is the same text: name, help,
 * type, cumulative `_bucket` lines with `le`, `+Inf`, `_sum` and `_count` per label set (binned-histogram.test.ts
 * compares the two).
 */
export class BinnedHistogram<L extends string = never> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  private readonly bounds: number[];
  private readonly labelNames: readonly L[];
  /** Without labels, the one series; with labels, by the label values joined (few and fixed in practice). */
  private readonly series = new Map<string, Series>();
  private readonly unlabelled: Series | null;

  constructor(config: {
    name: string;
    help: string;
    buckets: readonly number[];
    labelNames?: readonly L[];
    registers: Registry[];
  }) {
    this.name = config.name;
    this.help = config.help;
    this.bounds = [...config.buckets].sort((a, b) => a - b);
    this.labelNames = config.labelNames ?? [];
    // prom-client shows an unlabelled histogram's zero series before the first observation; so does this one.
    this.unlabelled = this.labelNames.length === 0 ? this.seriesOf('', {}) : null;
    for (const registry of config.registers) registry.registerMetric(this as never);
  }

  /** Adds one observation (seconds), to the series of `labels` where the histogram has labels. */
  observe(value: number): void;
  observe(labels: Record<L, string>, value: number): void;
  observe(labelsOrValue: Record<L, string> | number, maybeValue?: number): void {
    const value = typeof labelsOrValue === 'number' ? labelsOrValue : maybeValue!;
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const series =
      typeof labelsOrValue === 'number'
        ? (this.unlabelled ?? this.labelled({} as Record<L, string>))
        : this.labelled(labelsOrValue);
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    // Index bounds.length is +Inf: counted in `count` only, as prom-client does.
    if (i < bounds.length) series.bins[i]! += 1;
    series.sum += value;
    series.count += 1;
  }

  /** Forgets every observation (the registry's resetMetrics). */
  reset(): void {
    this.series.clear();
    if (this.unlabelled) {
      this.unlabelled.bins.fill(0);
      this.unlabelled.sum = 0;
      this.unlabelled.count = 0;
      this.series.set('', this.unlabelled);
    }
  }

  /** For the registry's text exposition: the series' own labels kept apart, as prom-client does. */
  async getForPromString(): Promise<{
    name: string;
    help: string;
    type: 'histogram';
    aggregator: 'sum';
    values: Sample[];
  }> {
    const values: Sample[] = [];
    const bucket = `${this.name}_bucket`;
    for (const s of this.series.values()) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += s.bins[i]!;
        values.push({
          metricName: bucket,
          labels: { le } as never,
          sharedLabels: s.labels,
          value: cumulative,
          exemplar: null,
        });
      });
      values.push({
        metricName: bucket,
        labels: { le: '+Inf' },
        sharedLabels: s.labels,
        value: s.count,
        exemplar: null,
      });
      values.push({ metricName: `${this.name}_sum`, labels: {}, sharedLabels: s.labels, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels: {}, sharedLabels: s.labels, value: s.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** For the registry's JSON: each sample with all its labels together. */
  async get(): Promise<{ name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: unknown[] }> {
    const data = await this.getForPromString();
    return {
      ...data,
      values: data.values.map(({ sharedLabels, labels, ...rest }) => ({
        ...rest,
        labels: { ...labels, ...sharedLabels },
      })),
    };
  }

  private labelled(labels: Record<L, string>): Series {
    const names = this.labelNames;
    // The common case, one label: its value is the key, no string is built.
    let key: string = names.length === 1 ? (labels[names[0]!] ?? '') : '';
    if (names.length !== 1) for (const name of names) key += `${labels[name] ?? ''}\u0000`;
    return this.series.get(key) ?? this.seriesOf(key, labels);
  }

  /** A new label set is checked once, when its series is created; later observations only look it up. */
  private seriesOf(key: string, labels: Record<string, string>): Series {
    for (const name of Object.keys(labels)) {
      if (!(this.labelNames as readonly string[]).includes(name))
        throw new Error(`Added label "${name}" is not included in initial labelset: ${this.labelNames.join(', ')}`);
    }
    const series: Series = { labels: { ...labels }, bins: new Float64Array(this.bounds.length), sum: 0, count: 0 };
    this.series.set(key, series);
    return series;
  }
}
