import { useEffect, useState } from "preact/hooks";
import { Problems, stream } from "./api";

/** The manifests' diagnostics, live: the server pushes them again after every change of the folder. */
export function ProblemsView() {
  const [data, setData] = useState<Problems | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(
    () =>
      stream(
        "/api/problems/live",
        (event, d) => event === "problems" && (setData(d as Problems), setError(null)),
        setError,
      ),
    [],
  );
  return (
    <div>
      <h2>Problems</h2>
      {error && <p role="alert" class="error">{error}</p>}
      {!data ? (
        <p>Loading…</p>
      ) : data.problems.length === 0 ? (
        <p role="status" data-testid="no-problems">
          No problems: every manifest compiles.
        </p>
      ) : (
        <>
          <p role="status">
            {plural(data.errors, "error")}, {plural(data.warnings, "warning")}. Resources with errors are left
            out; the rest runs.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">File</th>
                <th scope="col">Resource</th>
                <th scope="col">Field</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {data.problems.map((p, i) => (
                <tr key={i} class={p.severity === "ERROR" ? "problem-error" : "problem-warning"}>
                  <td>{p.severity}</td>
                  <td>
                    <code>{p.file ?? ""}</code>
                  </td>
                  <td>{p.name ? `${p.kind} ${p.namespace ? p.namespace + "/" : ""}${p.name}` : p.kind}</td>
                  <td>
                    <code>{p.field}</code>
                  </td>
                  <td>{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
