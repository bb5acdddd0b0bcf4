// The fleet's Prometheus source in the backend: the saved source (app settings), the last reading of it for
// the window to page through, and the merge with the SSH rows of saved nodes no instance maps to. A reading
// that fails keeps its error beside every saved node's SSH row, so the operator still sees what SSH knows.
import type { FleetRow, NodeInfo } from '../../../shared/nodeModels';
import type { PrometheusSource, RankedFleetRow } from '../../../shared/prometheusModels';
import { mergeWithSshRows } from '../../core/fleet/promFleetRows';
import type { SettingsRepository } from '../../store/repositories/settings';
import { readPrometheusFleet, type PromFleetReadOptions } from './prometheusFleet';

export interface PrometheusFleetSourceOptions {
  settings: Pick<SettingsRepository, 'prometheusSource' | 'setPrometheusSource'>;
  /** The saved nodes with their states. */
  nodes(): NodeInfo[];
  /** The SSH fleet table as it stands. */
  sshRows(): FleetRow[];
  read?: PromFleetReadOptions;
}

export interface PromReading {
  url: string | null;
  error: string | null;
  readAt: number | null;
  rows: RankedFleetRow[];
}

const NO_SOURCE: PromReading = { url: null, error: null, readAt: null, rows: [] };

export class PrometheusFleetSource {
  /** The last reading (Prometheus rows only; SSH rows are merged in on each page) and the source it read. */
  private last: { key: string; url: string; error: string | null; readAt: number; rows: RankedFleetRow[] } | null = null;
  private reading: { key: string; done: Promise<void> } | null = null;

  constructor(private readonly opts: PrometheusFleetSourceOptions) {}

  get(): PrometheusSource | null {
    return this.opts.settings.prometheusSource();
  }

  set(source: PrometheusSource | null): PrometheusSource | null {
    this.last = null;
    return this.opts.settings.setPrometheusSource(source);
  }

  /**
   * Reads `oneShot` (never saved) or the saved source, merged with the SSH rows, worst first. Only the last
   * reading is kept (one source's rows, bounded by its fleet); `refresh: false` pages it when it is of the
   * same source, so the window and the CLI page without asking Prometheus again. One reading at a time per source.
   */
  async rows(oneShot: PrometheusSource | undefined, refresh: boolean): Promise<PromReading> {
    const source = oneShot ?? this.get();
    if (!source) return NO_SOURCE;
    const key = JSON.stringify(source);
    if (refresh || this.last?.key !== key) {
      if (this.reading?.key !== key) {
        const reading = {
          key,
          done: this.readOnce(source)
            .then((r) => {
              this.last = { key, url: source.url, error: r.error, readAt: r.readAt ?? Date.now(), rows: r.rows };
            })
            .finally(() => {
              if (this.reading === reading) this.reading = null;
            }),
        };
        this.reading = reading;
      }
      await this.reading!.done;
    }
    const last = this.last!;
    return { url: last.url, error: last.error, readAt: last.readAt, rows: this.merged(last.rows) };
  }

  private async readOnce(source: PrometheusSource): Promise<PromReading> {
    const nodes = this.opts.nodes().map((n) => ({ name: n.name, user: n.config?.user ?? null, host: n.config?.host ?? null, state: n.state }));
    try {
      const rows = await readPrometheusFleet(source, nodes, this.opts.read);
      return { url: source.url, error: null, readAt: Date.now(), rows };
    } catch (err) {
      return { url: source.url, error: (err as Error).message, readAt: Date.now(), rows: [] };
    }
  }

  private merged(promRows: RankedFleetRow[]): RankedFleetRow[] {
    return mergeWithSshRows(promRows, this.opts.sshRows());
  }
}
