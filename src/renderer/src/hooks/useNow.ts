// The clock as a render input: a component showing an age ("scanned 3 min ago") re-renders as time passes.
import { useEffect, useState } from 'react';

/** Date.now(), refreshed every `ms`. */
export function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
