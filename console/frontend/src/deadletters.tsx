import { useEffect, useState } from "preact/hooks";
import { DeadLetter, DeadLetterPage, Destination, getJson, sourcePath } from "./api";
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

function DeadLetterList({ destination }: { destination: Destination }) {
  const [pages, setPages] = useState<DeadLetterPage[]>([]);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/destinations/${sourcePath(destination)}/dead-letters?limit=${PAGE}`;
  const load = (before: string | null) =>
    getJson<DeadLetterPage>(before ? `${base}&before=${encodeURIComponent(before)}` : base).then(
      (p) => {
        setPages((old) => (before ? [...old, p] : [p]));
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  useEffect(() => {
    load(null);
  }, [base]);
  const first = pages[0];
  const last = pages[pages.length - 1];
  const items = pages.flatMap((p) => p.items);
  return (
    <section aria-label={`Dead letters of ${destination.name}`}>
      <p class="muted">
        Topic <code>{destination.deadLetterTopic}</code>
        {first && ` · ${n(first.total)} dead letters kept`}
      </p>
      <div class="row">
        <button type="button" onClick={() => load(null)}>
          Refresh
        </button>
      </div>
      {error && <p role="alert" class="error">{error}</p>}
      {first && items.length === 0 && <p data-testid="no-dead-letters">No dead letters. Everything was delivered or is still being tried.</p>}
      <ul class="entries" aria-label="Dead letters" data-testid="dead-letters">
        {items.map((item) => (
          <DeadLetterItem key={`${item.partition}-${item.offset}`} item={item} />
        ))}
      </ul>
      {last?.next && (
        <button type="button" onClick={() => load(last.next)}>
          Older dead letters
        </button>
      )}
    </section>
  );
}

function DeadLetterItem({ item }: { item: DeadLetter }) {
  return (
    <li class="entry dead" data-testid="dead-letter">
      <details>
        <summary>
          <span class="headline">{headline(item.message)}</span>{" "}
          <span class="badge-rejected">
            status {item.lastStatus ?? "?"} after {item.attempts ?? "?"} attempts
          </span>{" "}
          <span class="muted">{time(item.lastAttempt ?? item.timestamp)}</span>
        </summary>
        <dl class="context">
          <dt>Connection</dt>
          <dd>{item.connection}</dd>
          <dt>Last error</dt>
          <dd>{item.lastError}</dd>
          <dt>First attempt</dt>
          <dd>{item.firstAttempt}</dd>
          <dt>Last attempt</dt>
          <dd>{item.lastAttempt}</dd>
          <dt>Position</dt>
          <dd>
            partition {item.partition}, offset {item.offset}
          </dd>
        </dl>
        <pre>{item.message ? pretty(item.message) : item.text}</pre>
      </details>
    </li>
  );
}
