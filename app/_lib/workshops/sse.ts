/**
 * A server-sent event stream. The browser's EventSource reconnects by itself
 * (after `retry` ms); a comment every KEEPALIVE_MS keeps proxies from closing
 * an idle stream and lets the server notice a vanished client.
 * `no-transform` keeps Next's gzip (the `compression` package) off it, which
 * would otherwise hold events back until a buffer fills.
 */
const KEEPALIVE_MS = 15_000;
const RETRY_MS = 2_000;

export interface EventSink {
  send(event: string, data: unknown): void;
}

export function eventStream(signal: AbortSignal, start: (sink: EventSink) => () => void): Response {
  const encoder = new TextEncoder();
  let cleanup: (() => void) | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  const stop = () => {
    if (closed) return;
    closed = true;
    if (timer) clearInterval(timer);
    cleanup?.();
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      write(`retry: ${RETRY_MS}\n\n`);
      cleanup = start({ send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`) });
      timer = setInterval(() => write(": keepalive\n\n"), KEEPALIVE_MS);
      if (signal.aborted) stop();
      signal.addEventListener("abort", () => {
        stop();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel: stop,
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "private, no-store, no-transform", "x-accel-buffering": "no" },
  });
}
