import { useEffect, useState } from "preact/hooks";
import { DeadLetter, DeadLetterPage, Destination, getJson, postJson, ReplaySummary, sourcePath } from "./api";
import { usePolled } from "./hooks";
import { headline, n, pretty, time } from "./format";

const PAGE = 20;

export function DeadLettersView() {
  const { data, error } = usePolled<{ destinations: Destination[] }>("/api/destinations", 10000);
  const [selected, setSelected] = useState<string | null>(null);
  if (error) return <p role="alert" class="error">Could not load Destinations: {error}</p>;
  if (!data) return <p>Loading…</p>;
  if (data.destinations.length === 0) return <p>No Destination runs.</p>;
  const current = data.destinations.find((d) => sourcePath(d) === selected) ?? data.destinations[0];
  return (
    <div>
      <div class="row">
        <h2>Dead letters</h2>
        <label>
          Destination{" "}
          <select
            name="destination"
            value={sourcePath(current)}
            onChange={(e) => setSelected((e.target as HTMLSelectElement).value)}
          >
            {data.destinations.map((d) => (
              <option key={sourcePath(d)} value={sourcePath(d)}>{`${d.namespace}/${d.name}`}</option>
            ))}
          </select>
        </label>
      </div>
      <DeadLetterList key={sourcePath(current)} destination={current} />
    </div>
  );
}

/** What a replay is about to do, shown until the person confirms or cancels. */
type Pending = { all: true } | { position: string };

function DeadLetterList({ destination }: { destination: Destination }) {
  const [pages, setPages] = useState<DeadLetterPage[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const path = `/api/destinations/${sourcePath(destination)}/dead-letters`;
  const load = (after: string | null) =>
    getJson<DeadLetterPage>(`${path}?limit=${PAGE}${after ? `&after=${encodeURIComponent(after)}` : ""}`).then(
      (p) => {
        setPages((old) => (after ? [...old, p] : [p]));
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  useEffect(() => {
    load(null);
  }, [path]);
  const replay = (what: Pending) =>
    postJson<ReplaySummary>(`${path}/replay`, { confirm: true, ...what }).then(
      (r) => {
        setPending(null);
        setDone(
          `Replayed ${r.replayed} dead letter${r.replayed === 1 ? "" : "s"} to ${destination.name}` +
            (r.skipped.length ? `; skipped ${r.skipped.map((s) => `${s.position} (${s.reason})`).join(", ")}` : "") +
            ". They are delivered again through the same path as `sluice replay`; the dead letters stay listed.",
        );
      },
      (e: Error) => {
        setPending(null);
        setError(e.message);
      },
    );
  const first = pages[0];
  const last = pages[pages.length - 1];
  const items = pages.flatMap((p) => p.items);
  return (
    <section aria-label={`Dead letters of ${destination.name}`}>
      <p class="muted">
        Topic <code>{destination.deadLetterTopic}</code>
        {first && ` · ${n(first.total)} dead letters kept, oldest first`}
      </p>
      <div class="row start">
        <button type="button" onClick={() => load(null)}>
          Refresh
        </button>
        {items.length > 0 && (
          <button type="button" class="danger" onClick={() => setPending({ all: true })}>
            Replay all
          </button>
        )}
      </div>
      {pending && (
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
          <p id="confirm-text">
            {"all" in pending
              ? `Replay all ${n(first?.total ?? 0)} dead letters of ${destination.name}? `
              : `Replay dead letter ${pending.position} to ${destination.name}? `}
            Each is delivered again, also if it was replayed before.
          </p>
          <button type="button" class="danger" onClick={() => replay(pending)} autoFocus>
            Confirm replay
          </button>{" "}
          <button type="button" onClick={() => setPending(null)}>
            Cancel
          </button>
        </div>
      )}
      {done && <p role="status">{done}</p>}
      {error && <p role="alert" class="error">{error}</p>}
      {first && items.length === 0 && (
        <p data-testid="no-dead-letters">No dead letters. Everything was delivered or is still being tried.</p>
      )}
      <ul class="entries" aria-label="Dead letters" data-testid="dead-letters">
        {items.map((item) => (
          <DeadLetterItem key={item.position} item={item} onReplay={() => setPending({ position: item.position })} />
        ))}
      </ul>
      {last?.next && (
        <button type="button" onClick={() => load(last.next)}>
          More dead letters
        </button>
      )}
    </section>
  );
}

function DeadLetterItem({ item, onReplay }: { item: DeadLetter; onReplay: () => void }) {
  return (
    <li class="entry dead" data-testid="dead-letter">
      <details>
        <summary>
          <span class="headline">{headline(item.message)}</span>{" "}
          <span class="badge-rejected">
            {item.lastStatus > 0 ? `status ${item.lastStatus}` : "no answer"} after {item.attempts} attempt
            {item.attempts === 1 ? "" : "s"}
          </span>{" "}
          <span class="muted">{time(item.lastAttempt ?? item.timestamp)}</span>
        </summary>
        <dl class="context">
          <dt>Connection</dt>
          <dd>{item.connection || "(not a message)"}</dd>
          <dt>Last error</dt>
          <dd>{item.lastError}</dd>
          <dt>First attempt</dt>
          <dd>{item.firstAttempt}</dd>
          <dt>Last attempt</dt>
          <dd>{item.lastAttempt}</dd>
          <dt>Position</dt>
          <dd>
            <code>{item.position}</code>
            {item.original && ` (read from ${item.original})`}
          </dd>
          {item.replayedFrom && (
            <>
              <dt>Replay of</dt>
              <dd>{item.replayedFrom}</dd>
            </>
          )}
        </dl>
        {item.notReplayable ? (
          <p class="muted">Cannot be replayed: {item.notReplayable}</p>
        ) : (
          <button type="button" onClick={onReplay} aria-label={`Replay ${item.position}`}>
            Replay this one
          </button>
        )}
        <pre>{item.message ? pretty(item.message) : item.text}</pre>
      </details>
    </li>
  );
}
