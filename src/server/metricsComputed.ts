// A gauge whose samples are computed at scrape time and handed to prom-client as they are. A
// plain Gauge would take each sample through set(), which hashes its labels into a map first:
// with --metrics-max-vms VMs that is tens of thousands of hashes per scrape, for nothing.

import { Gauge } from 'prom-client';
import type { Aggregator, MetricObjectWithValues, MetricType, MetricValue, Registry } from 'prom-client';

export class ComputedGauge<L extends string> extends Gauge<L> {
  // Set by prom-client's constructor; re-declared because its typings omit them.
  declare readonly name: string;
  declare readonly help: string;
  declare readonly type: MetricType;
  declare readonly aggregator: Aggregator;

  constructor(
    options: { name: string; help: string; labelNames: readonly L[]; registry: Registry },
    private readonly samples: () => MetricValue<L>[],
  ) {
    super({ name: options.name, help: options.help, labelNames: options.labelNames, registers: [options.registry] });
  }

  override async get(): Promise<MetricObjectWithValues<MetricValue<L>>> {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: this.samples(),
      // The typings ask for it; the samples above are already current.
      collect: () => undefined,
    };
  }
}
