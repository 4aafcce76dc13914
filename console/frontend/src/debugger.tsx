import { useEffect, useRef, useState } from "preact/hooks";
import { RecordEntry, Source, sourcePath, stream } from "./api";
import { headline, pretty, time } from "./format";

const TYPES = ["track", "identify", "page", "screen", "group", "alias"];
/** The browser keeps at most this many entries; older ones fall off. */
const KEEP = 200;

interface Filters {
  types: string[];
  event: string;
  cel: string;
}

export function Debugger({ source }: { source: Source }) {
  const [filters, setFilters] = useState<Filters>({ types: [], event: "", cel: "" });
  const [draft, setDraft] = useState<Filters>(filters);
  const [entries, setEntries] = useState<RecordEntry[]>([]);
  const [paused, setPaused] = useState(false);
  const [pending, setPending] = useState<RecordEntry[]>([]);
  const [status, setStatus] = useState("Connecting…");
  const [error, setError] = useState<string | null>(null);
  const [skipped, setSkipped] = useState(0);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useEffect(() => {
    setEntries([]);
    setPending([]);
    setError(null);
    setStatus("Connecting…");
    const q = new URLSearchParams();
    if (filters.types.length) q.set("types", filters.types.join(","));
    if (filters.event) q.set("event", filters.event);
    if (filters.cel) q.set("cel", filters.cel);
    return stream(
      `/api/sources/${sourcePath(source)}/live?${q}`,
      (event, data) => {
        if (event === "ready") setStatus("Live: new messages appear at the top.");
        if (event === "error") setError((data as { error: string }).error);
        if (event === "skipped") setSkipped((s) => s + (data as { count: number }).count);
        if (event === "messages") {
          const batch = (data as { entries: RecordEntry[] }).entries.slice().reverse();
          if (pausedRef.current) setPending((p) => [...batch, ...p].slice(0, KEEP));
          else setEntries((e) => [...batch, ...e].slice(0, KEEP));
        }
      },
      (message) => {
        setError((old) => old ?? message);
        setStatus("Not connected.");
      },
    );
  }, [sourcePath(source), filters]);

  const togglePause = () => {
    if (paused) {
      setEntries((e) => [...pending, ...e].slice(0, KEEP));
      setPending([]);
    }
    setPaused(!paused);
  };

  return (
    <div class="debugger">
      <form
        class="filters"
        aria-label="Debugger filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ ...draft });
        }}
      >
        <fieldset>
          <legend>Types</legend>
          {TYPES.map((t) => (
            <label key={t} class="check">
              <input
                type="checkbox"
                name="type"
                value={t}
                checked={draft.types.includes(t)}
                onChange={(e) => {
                  const on = (e.target as HTMLInputElement).checked;
                  setDraft({ ...draft, types: on ? [...draft.types, t] : draft.types.filter((x) => x !== t) });
                }}
              />
              {t}
            </label>
          ))}
        </fieldset>
        <label>
          Event name contains
          <input
            type="text"
            name="event"
            value={draft.event}
            onInput={(e) => setDraft({ ...draft, event: (e.target as HTMLInputElement).value })}
          />
        </label>
        <label class="grow">
          CEL condition
          <input
            type="text"
            name="cel"
            placeholder="message.properties.revenue > 10"
            value={draft.cel}
            onInput={(e) => setDraft({ ...draft, cel: (e.target as HTMLInputElement).value })}
          />
        </label>
        <button type="submit">Apply filters</button>
        <button
          type="button"
          onClick={() => {
            const none = { types: [], event: "", cel: "" };
            setDraft(none);
            setFilters(none);
          }}
        >
          Clear filters
        </button>
        <button type="button" onClick={togglePause} aria-pressed={paused}>
          {paused ? `Resume (${pending.length} new)` : "Pause"}
        </button>
      </form>
      <p class="muted" role="status" aria-live="polite">
        {paused ? "Paused." : status}
        {skipped > 0 && ` ${skipped} messages came faster than shown and were skipped.`}
      </p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <ul class="entries" aria-label="Live messages" data-testid="live-messages">
        {entries.map((e) => (
          <Entry key={`${e.kind}-${e.partition}-${e.offset}`} entry={e} />
        ))}
      </ul>
    </div>
  );
}

function Entry({ entry }: { entry: RecordEntry }) {
  const rejected = entry.kind === "rejected";
  return (
    <li class={rejected ? "entry rejected" : "entry"} data-kind={entry.kind}>
      <details>
        <summary>
          {rejected && (
            <span class="badge-rejected">
              rejected <code data-testid="rejected-code">{entry.code}</code>: {entry.reason}
            </span>
          )}{" "}
          <span class="headline">{headline(entry.message)}</span>{" "}
          <span class="muted">{time(entry.headers["sluice.received-at"] ?? entry.timestamp)}</span>
        </summary>
        <pre>{entry.message ? pretty(entry.message) : entry.text}</pre>
      </details>
    </li>
  );
}
