import { useEffect, useState } from "preact/hooks";
import { getJson } from "./api";

/** GETs a path now and every `everyMs`, while the view is open. */
export function usePolled<T>(path: string | null, everyMs: number): { data: T | null; error: string | null } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    const load = () =>
      getJson<T>(path).then(
        (d) => live && (setData(d), setError(null)),
        (e: Error) => live && setError(e.message),
      );
    load();
    const timer = setInterval(load, everyMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [path, everyMs]);
  return { data, error };
}
