// sources.*: who writes a partition, and the per-root overrides of a SQLite log table's columns and of the days' time zone.
import type { Handlers } from '../rpc/dispatcher';
import type { StateStore } from '../store/stateStore';
import type { SourceAnalyzer } from '../services/sources/sourceAnalyzer';
import { analysablePath } from '../services/sources/sourcesScope';

export interface SourcesHandlerDeps {
  store: Pick<StateStore, 'roots' | 'sourceOverrides'>;
  analyzer: SourceAnalyzer;
}

export function sourcesHandlers({ store, analyzer }: SourcesHandlerDeps): Pick<Handlers, 'sources.analyze' | 'sources.override.get' | 'sources.override.set' | 'sources.timeZone.get' | 'sources.timeZone.set'> {
  return {
    'sources.analyze': ({ node, path, override, timeZone }, ctx) => {
      const checked = analysablePath(ctx.frontDoor, path, store.roots.list(node).map((r) => r.path));
      return analyzer.analyze(node, checked, {
        override: override ?? store.sourceOverrides.forPath(node, checked),
        timeZone: timeZone ?? store.sourceOverrides.timeZoneForPath(node, checked),
      });
    },
    'sources.override.get': ({ node, root }) => ({ override: store.sourceOverrides.get(node, root) }),
    'sources.override.set': ({ node, root, override }) => ({ override: store.sourceOverrides.set(node, root, override) }),
    'sources.timeZone.get': ({ node, root }) => ({ timeZone: store.sourceOverrides.getTimeZone(node, root) }),
    'sources.timeZone.set': ({ node, root, timeZone }) => ({ timeZone: store.sourceOverrides.setTimeZone(node, root, timeZone) }),
  };
}
