export function n(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  return value.toLocaleString("en");
}

export function ms(value: number | null): string {
  return value === null ? "–" : value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(1)} s`;
}

export function time(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  return isNaN(d.getTime()) ? iso : d.toLocaleTimeString("en-GB", { hour12: false });
}

/** "track Order Completed · userId user-1": what a person scans for. */
export function headline(message: Record<string, unknown> | undefined): string {
  if (!message) return "not a JSON object";
  const parts = [String(message.type ?? "?")];
  for (const field of ["event", "name", "groupId", "previousId"]) {
    if (message[field] !== undefined && message[field] !== null) parts.push(String(message[field]));
  }
  const user = message.userId ?? message.anonymousId;
  if (user !== undefined) parts.push(`· ${message.userId !== undefined ? "userId" : "anonymousId"} ${String(user)}`);
  return parts.join(" ");
}

export function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
