export * from "./frames.ts";
export * from "./flow.ts";
export * from "./close-codes.ts";
export * from "./client.ts";
export * from "./jobs.ts";
export * from "./api.ts";
