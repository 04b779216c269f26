export * from "./frames.js";
export * from "./flow.js";
export * from "./close-codes.js";
export * from "./client.js";
