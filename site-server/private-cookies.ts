import type { OutgoingHttpHeaders, ServerResponse } from "node:http";

export const PRIVATE_NO_STORE = "private, no-store";

type WriteHead = ServerResponse["writeHead"];

/**
 * Makes any answer that sets a cookie `Cache-Control: private, no-store`,
 * whatever set the cookie and whatever caching the route asked for: a
 * shared cache keeping such an answer would hand one learner's cookie to
 * everyone it serves. (Next sends its prerendered pages with
 * `s-maxage=31536000`, and proxy.ts sets the learner cookie on them.)
 * Every answer's headers go out through writeHead, Node's implicit header
 * included, so that is where it is checked; headers given to writeHead are
 * merged first, as Node itself would.
 */
export function keepCookiesPrivate(res: ServerResponse): void {
  const writeHead = res.writeHead as (this: ServerResponse, statusCode: number, statusMessage?: string) => ServerResponse;
  res.writeHead = function (this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    const statusMessage = typeof rest[0] === "string" ? rest[0] : undefined;
    const headers = typeof rest[0] === "string" ? rest[1] : rest[0];
    if (Array.isArray(headers)) for (let i = 0; i + 1 < headers.length; i += 2) this.appendHeader(String(headers[i]), headers[i + 1] as string);
    else if (headers) for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) if (value !== undefined) this.setHeader(name, value);
    if (this.hasHeader("set-cookie")) this.setHeader("cache-control", PRIVATE_NO_STORE);
    return writeHead.call(this, statusCode, statusMessage);
  } as WriteHead;
}
