// The console's HTTP API (served by the Java side under /api) and its types.

export interface Source {
  namespace: string;
  name: string;
  topic: string;
  rejectedTopic: string;
  enabled: boolean;
  writeKeyIds: string[];
  eventsPerSecond: number;
  eventsLastHour: number;
  eventsPerSecondSeries: number[];
  rejectedLastHour: Record<string, number>;
}

export interface RecordEntry {
  partition: number;
  offset: number;
  timestamp: string;
  headers: Record<string, string>;
  message?: Record<string, unknown>;
  text?: string;
  kind?: "accepted" | "rejected";
  code?: string | null;
  reason?: string | null;
}

export interface Overview {
  received: number;
  delivered: number;
  retried: number;
  deadLettered: number;
  dropped: number;
  filtered: number;
  filteredByReason: Record<string, number>;
  perMinute: Record<"delivered" | "retried" | "deadLettered" | "dropped" | "filtered", number[]>;
}

export interface ConnectionInfo {
  name: string;
  source: string;
  enabled: boolean;
  filter: Record<string, unknown> | null;
  transforms: Record<string, unknown>[];
  start: string;
  overview: Overview;
}

export interface Destination {
  namespace: string;
  name: string;
  type: string;
  target: string | null;
  deadLetterTopic: string;
  consumerGroup: string;
  connections: ConnectionInfo[];
  overview: Overview;
  lag: number | null;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
}

export interface Preview {
  sampleFrom: "request" | "latest" | "example";
  before: Record<string, unknown>;
  outcome: "pass" | "filtered";
  after: Record<string, unknown> | null;
  reason?: string;
  detail?: string;
}

export interface DeadLetter {
  position: string;
  partition: number;
  offset: number;
  timestamp: string;
  connection: string;
  attempts: number;
  lastStatus: number;
  lastError: string;
  firstAttempt: string | null;
  lastAttempt: string | null;
  original: string | null;
  replayedFrom: string | null;
  notReplayable: string | null;
  message?: Record<string, unknown>;
  text?: string;
}

export interface ReplaySummary {
  replayed: number;
  replayedPositions: string[];
  skipped: { position: string; reason: string }[];
}

export interface DeadLetterPage {
  topic: string;
  total: number;
  next: string | null;
  items: DeadLetter[];
}

export interface ProblemInfo {
  file: string | null;
  severity: "ERROR" | "WARNING";
  kind: string;
  namespace: string;
  name: string;
  field: string;
  message: string;
}

export interface Problems {
  problems: ProblemInfo[];
  errors: number;
  warnings: number;
}

export class ApiError extends Error {}

async function answer<T>(response: Response): Promise<T> {
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError((body as { error?: string }).error ?? `HTTP ${response.status}`);
  }
  return body as T;
}

export async function getJson<T>(path: string): Promise<T> {
  return answer<T>(await fetch(path, { headers: { Accept: "application/json" } }));
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return answer<T>(
    await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

export function sourcePath(s: { namespace: string; name: string }): string {
  return `${encodeURIComponent(s.namespace)}/${encodeURIComponent(s.name)}`;
}

/**
 * Reads a server-sent-events stream with fetch (unlike EventSource, a refused request shows its
 * error message). Returns a function that closes the stream.
 */
export function stream(
  path: string,
  onEvent: (event: string, data: unknown) => void,
  onError: (message: string) => void,
): () => void {
  const abort = new AbortController();
  (async () => {
    const response = await fetch(path, { signal: abort.signal, headers: { Accept: "text/event-stream" } });
    if (!response.ok || !response.body) {
      const body = await response.json().catch(() => ({}));
      onError((body as { error?: string }).error ?? `HTTP ${response.status}`);
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = "message";
        const data: string[] = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("event: ")) event = line.slice(7);
          else if (line.startsWith("data: ")) data.push(line.slice(6));
        }
        if (data.length > 0) onEvent(event, JSON.parse(data.join("\n")));
      }
    }
    onError("the stream ended (is sluice local still running?)");
  })().catch((e: unknown) => {
    if (!abort.signal.aborted) onError(e instanceof Error ? e.message : String(e));
  });
  return () => abort.abort();
}

