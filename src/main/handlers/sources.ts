// sources.*: who writes a partition, and the per-root override of a SQLite log table's columns.
import type { Handlers } from '../rpc/dispatcher';
import type { StateStore } from '../store/stateStore';
import type { SourceAnalyzer } from '../services/sources/sourceAnalyzer';
import { analysablePath } from '../services/sources/sourcesScope';

export interface SourcesHandlerDeps {
  store: Pick<StateStore, 'roots' | 'sourceOverrides'>;
  analyzer: SourceAnalyzer;
}

export function sourcesHandlers({ store, analyzer }: SourcesHandlerDeps): Pick<Handlers, 'sources.analyze' | 'sources.override.get' | 'sources.override.set'> {
  return {
    'sources.analyze': ({ node, path, override }, ctx) => {
      const checked = analysablePath(ctx.frontDoor, path, store.roots.list(node).map((r) => r.path));
      return analyzer.analyze(node, checked, { override: override ?? store.sourceOverrides.forPath(node, checked) });
    },
    'sources.override.get': ({ node, root }) => ({ override: store.sourceOverrides.get(node, root) }),
    'sources.override.set': ({ node, root, override }) => ({ override: store.sourceOverrides.set(node, root, override) }),
  };
}
