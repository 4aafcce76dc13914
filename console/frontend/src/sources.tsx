import { useState } from "preact/hooks";
import { getJson, RecordEntry, Source, sourcePath } from "./api";
import { Chart } from "./charts";
import { Debugger } from "./debugger";
import { usePolled } from "./hooks";
import { n, pretty, time } from "./format";

export function SourcesView() {
  const { data, error } = usePolled<{ sources: Source[] }>("/api/sources", 2000);
  const [selected, setSelected] = useState<string | null>(null);
  if (error) return <p role="alert" class="error">Could not load Sources: {error}</p>;
  if (!data) return <p>Loading Sources…</p>;
  if (data.sources.length === 0) return <p>No Source runs. Add one to the manifest folder.</p>;
  const current = data.sources.find((s) => sourcePath(s) === selected) ?? data.sources[0];
  return (
    <div>
      <h2>Sources</h2>
      <div class="cards">
        {data.sources.map((s) => (
          <SourceCard key={sourcePath(s)} source={s} />
        ))}
      </div>
      <section aria-labelledby="debugger-title" class="panel">
        <div class="row">
          <h2 id="debugger-title">Live debugger</h2>
          {data.sources.length > 1 && (
            <label>
              Source{" "}
              <select value={sourcePath(current)} onChange={(e) => setSelected((e.target as HTMLSelectElement).value)}>
                {data.sources.map((s) => (
                  <option value={sourcePath(s)}>{`${s.namespace}/${s.name}`}</option>
                ))}
              </select>
            </label>
          )}
        </div>
        <Debugger key={sourcePath(current)} source={current} />
      </section>
    </div>
  );
}

function SourceCard({ source }: { source: Source }) {
  const codes = Object.entries(source.rejectedLastHour);
  const [examples, setExamples] = useState<RecordEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = `${source.namespace}/${source.name}`;
  const showExamples = () =>
    getJson<{ examples: RecordEntry[] }>(`/api/sources/${sourcePath(source)}/rejected?limit=5`).then(
      (r) => setExamples(r.examples),
      (e: Error) => setError(e.message),
    );
  return (
    <section class="card" aria-label={`Source ${id}`}>
      <h3>{id}</h3>
      <p class="muted">
        Topic <code>{source.topic}</code> · write key ids{" "}
        {source.writeKeyIds.length === 0 ? "none" : source.writeKeyIds.map((k) => <code key={k}>{k} </code>)}
        {!source.enabled && <strong> · disabled</strong>}
      </p>
      <div class="row">
        <p class="big" aria-live="off">
          <span data-testid="events-per-second">{source.eventsPerSecond.toFixed(1)}</span> events/s
          <span class="muted"> · {n(source.eventsLastHour)} in the last hour</span>
        </p>
        <Chart
          label={`Events per second of ${id} over the last two minutes`}
          series={[{ label: "events/s", values: source.eventsPerSecondSeries, color: "#2563eb" }]}
          stepSeconds={1}
          width={220}
          height={48}
          spark
        />
      </div>
      <h4>Rejected in the last hour</h4>
      {codes.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <table class="compact">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody>
            {codes.map(([code, count]) => (
              <tr key={code}>
                <td>
                  <code class="rejected-code">{code}</code>
                </td>
                <td>{n(count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" onClick={showExamples}>
        Show rejected examples
      </button>
      {error && <p role="alert" class="error">{error}</p>}
      {examples && (
        <ul class="entries" aria-label="Rejected examples">
          {examples.length === 0 && <li class="muted">No rejected message is kept.</li>}
          {examples.map((e) => (
            <li key={`${e.partition}-${e.offset}`} class="entry rejected">
              <details>
                <summary>
                  <code>{e.code}</code> {e.reason} <span class="muted">{time(e.timestamp)}</span>
                </summary>
                <pre>{e.message ? pretty(e.message) : e.text}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
