import { useEffect, useState } from "preact/hooks";
import { ConnectionInfo, Destination, Overview, postJson, Preview, sourcePath } from "./api";
import { Chart } from "./charts";
import { usePolled } from "./hooks";
import { ms, n, pretty } from "./format";

export function DestinationsView() {
  const { data, error } = usePolled<{ destinations: Destination[] }>("/api/destinations", 3000);
  if (error) return <p role="alert" class="error">Could not load Destinations: {error}</p>;
  if (!data) return <p>Loading Destinations…</p>;
  if (data.destinations.length === 0) return <p>No Destination runs. Add one to the manifest folder.</p>;
  return (
    <div>
      <h2>Destinations</h2>
      {data.destinations.map((d) => (
        <DestinationPanel key={sourcePath(d)} destination={d} />
      ))}
    </div>
  );
}

function DestinationPanel({ destination: d }: { destination: Destination }) {
  const id = `${d.namespace}/${d.name}`;
  const [preview, setPreview] = useState<ConnectionInfo | null>(null);
  return (
    <section class="panel" aria-label={`Destination ${id}`} data-destination={d.name}>
      <h3>
        {id} <span class="muted">{d.type}</span>
      </h3>
      {d.target && (
        <p class="muted">
          Posts to <code>{d.target}</code>
        </p>
      )}
      <div class="row wrap">
        <OverviewSteps overview={d.overview} />
        <div>
          <Chart
            label={`Messages per minute over the last hour for ${id}: ${n(d.overview.delivered)} delivered, ${n(d.overview.filtered)} filtered, ${n(d.overview.retried)} retried, ${n(d.overview.deadLettered)} dead-lettered`}
            series={[
              { label: "delivered", values: d.overview.perMinute.delivered, color: "#16a34a" },
              { label: "filtered", values: d.overview.perMinute.filtered, color: "#6b7280" },
              { label: "retried", values: d.overview.perMinute.retried, color: "#d97706" },
              { label: "dead-lettered", values: d.overview.perMinute.deadLettered, color: "#dc2626" },
            ]}
            stepSeconds={60}
            width={440}
            height={160}
          />
        </div>
        <dl class="stats">
          <dt>Consumer lag</dt>
          <dd data-testid="lag">{n(d.lag)}</dd>
          <dt>Latency p50</dt>
          <dd>{ms(d.latencyMs.p50)}</dd>
          <dt>p95</dt>
          <dd>{ms(d.latencyMs.p95)}</dd>
          <dt>p99</dt>
          <dd>{ms(d.latencyMs.p99)}</dd>
        </dl>
      </div>
      <h4>Connections</h4>
      <table>
        <thead>
          <tr>
            <th scope="col">Connection</th>
            <th scope="col">Source</th>
            <th scope="col">Filter and transforms</th>
            <th scope="col">Delivered</th>
            <th scope="col">Filtered</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {d.connections.map((c) => (
            <tr key={c.name}>
              <th scope="row">
                {c.name}
                {!c.enabled && <span class="muted"> (disabled)</span>}
              </th>
              <td>{c.source}</td>
              <td>
                <code class="small">{describeRouting(c)}</code>
              </td>
              <td>{n(c.overview.delivered)}</td>
              <td>{n(c.overview.filtered)}</td>
              <td>
                <button type="button" onClick={() => setPreview(c)} aria-label={`Preview ${c.name}`}>
                  Preview
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview && (
        <PreviewPanel
          destination={d}
          connection={preview}
          onClose={() => setPreview(null)}
          key={preview.name}
        />
      )}
    </section>
  );
}

function OverviewSteps({ overview: o }: { overview: Overview }) {
  const reasons = Object.entries(o.filteredByReason);
  return (
    <ol class="steps" aria-label="Delivery overview, last hour">
      <li>
        <span class="step-label">Received</span>
        <span class="step-count" data-testid="received">{n(o.received)}</span>
      </li>
      <li>
        <span class="step-label">Filtered</span>
        <span class="step-count" data-testid="filtered">{n(o.filtered)}</span>
        {reasons.length > 0 && (
          <span class="muted small">{reasons.map(([r, c]) => `${r.replace("_", " ")} ${n(c)}`).join(", ")}</span>
        )}
      </li>
      <li>
        <span class="step-label">Delivered</span>
        <span class="step-count ok" data-testid="delivered">{n(o.delivered)}</span>
      </li>
      <li>
        <span class="step-label">Retried (attempts)</span>
        <span class="step-count warn" data-testid="retried">{n(o.retried)}</span>
      </li>
      <li>
        <span class="step-label">Dead-lettered</span>
        <span class="step-count bad" data-testid="dead-lettered">{n(o.deadLettered + o.dropped)}</span>
      </li>
    </ol>
  );
}

function describeRouting(c: ConnectionInfo): string {
  const parts: string[] = [];
  const f = (c.filter ?? {}) as Record<string, unknown>;
  if (Array.isArray(f.types)) parts.push(`types ${f.types.join(", ")}`);
  const events = f.events as { include?: string[]; exclude?: string[] } | null | undefined;
  if (events?.include) parts.push(`events ${events.include.join(", ")}`);
  if (events?.exclude) parts.push(`not events ${events.exclude.join(", ")}`);
  if (f.condition) parts.push(`if ${String(f.condition)}`);
  if (f.samplePercent != null) parts.push(`sample ${String(f.samplePercent)}%`);
  for (const t of c.transforms) {
    const [op, arg] = Object.entries(t).find(([, v]) => v !== null) ?? ["?", ""];
    parts.push(`${op} ${Array.isArray(arg) ? arg.join(", ") : JSON.stringify(arg)}`);
  }
  return parts.length ? parts.join(" · ") : "everything, unchanged";
}

function PreviewPanel(props: { destination: Destination; connection: ConnectionInfo; onClose: () => void }) {
  const { destination: d, connection: c } = props;
  const [sample, setSample] = useState("");
  const [result, setResult] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = (useSample: boolean) => {
    let body: unknown = {};
    if (useSample) {
      try {
        body = { message: JSON.parse(sample) };
      } catch (e) {
        setError(`The sample is not JSON: ${(e as Error).message}`);
        return;
      }
    }
    postJson<Preview>(`/api/destinations/${sourcePath(d)}/connections/${encodeURIComponent(c.name)}/preview`, body).then(
      (r) => {
        setResult(r);
        setError(null);
        if (!useSample) setSample(pretty(r.before));
      },
      (e: Error) => setError(e.message),
    );
  };
  useEffect(() => run(false), []);
  return (
    <section class="preview" aria-label={`Preview of ${c.name}`}>
      <div class="row">
        <h4>Preview of {c.name}</h4>
        <button type="button" onClick={props.onClose}>
          Close preview
        </button>
      </div>
      {error && <p role="alert" class="error">{error}</p>}
      {result && (
        <p role="status" data-testid="preview-outcome">
          {result.sampleFrom === "latest" && "The Source's newest message "}
          {result.sampleFrom === "example" && "An example message (the Source has none yet) "}
          {result.sampleFrom === "request" && "Your sample "}
          {result.outcome === "pass" ? "passes and is sent as shown on the right." : `is filtered: ${result.reason} (${result.detail}).`}
        </p>
      )}
      <div class="side-by-side">
        <label class="grow">
          Before (edit and run again)
          <textarea rows={16} value={sample} onInput={(e) => setSample((e.target as HTMLTextAreaElement).value)} />
        </label>
        <div class="grow">
          <span>After</span>
          <pre class="after" aria-label="After filter and transforms">
            {result ? (result.after ? pretty(result.after) : "(not delivered)") : ""}
          </pre>
        </div>
      </div>
      <button type="button" onClick={() => run(true)}>
        Run preview on this sample
      </button>
    </section>
  );
}
