import WebSocket from "ws";

/**
 * The runner's memory after a full garbage collection, read through the
 * Node inspector of a runner started with `--inspect=127.0.0.1:PORT` (the
 * benchmark's own runner process; loopback only). Its RSS cannot say what
 * one idle terminal costs: the terminal weighs less than what the heap gives
 * back to the system between two readings, so RSS deltas came out negative.
 * After `HeapProfiler.collectGarbage`, what is still allocated is what the
 * open terminals hold: the JS heap plus the Buffers and ArrayBuffers outside it.
 */
export class RunnerHeap {
  private constructor(
    private readonly ws: WebSocket,
    private next = 1,
  ) {}

  static async connect(inspectPort: number, timeoutMs = 30_000): Promise<RunnerHeap> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const [target] = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
        const ws = new WebSocket(target!.webSocketDebuggerUrl);
        await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
        return new RunnerHeap(ws);
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`runner inspector on port ${inspectPort}: ${(error as Error).message}`, { cause: error });
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  private call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => {
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(data.toString()) as { id?: number; result?: T; error?: { message: string } };
        if (message.id !== id) return;
        this.ws.off("message", onMessage);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result as T);
      };
      this.ws.on("message", onMessage);
    });
  }

  /** MB held after two full collections: heapUsed + external (Buffers, ArrayBuffers). */
  async retainedMb(): Promise<number> {
    await this.call("HeapProfiler.collectGarbage");
    await this.call("HeapProfiler.collectGarbage");
    const { result } = await this.call<{ result: { value: string } }>("Runtime.evaluate", {
      expression: "JSON.stringify(process.memoryUsage())",
      returnByValue: true,
    });
    const usage = JSON.parse(result.value) as { heapUsed: number; external: number };
    return (usage.heapUsed + usage.external) / 1024 / 1024;
  }

  close(): void {
    this.ws.close();
  }
}
