/** The site's address of a terminal socket (proxy.ts passes it to the runner): one origin for the browser. */
export function socketUrl(sandboxId: string, terminalId: string, token: string, offset: number, cols: number, rows: number): string {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const query = new URLSearchParams({ token, offset: String(offset), cols: String(cols), rows: String(rows) });
  return `${scheme}://${location.host}/ws/sandboxes/${sandboxId}/terminals/${terminalId}?${query}`;
}
