import pino, { type Logger } from "pino";

/** Structured JSON logs; tokens never appear (only paths are logged). */
export function createLogger(level: string, name = "sandbox-runner"): Logger {
  return pino({ name, level, redact: ["req.headers.authorization", "token"] });
}
