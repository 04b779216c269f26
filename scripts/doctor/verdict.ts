/**
 * What one check of `npm run doctor` concludes. Every text is French: the
 * self-hoster reads it. A problem always comes with its fix.
 */
export type Status = "ok" | "warn" | "fail" | "skip";

export interface Verdict {
  status: Status;
  /** What was found, in one sentence. */
  summary: string;
  /** What to do about it (required for warn and fail). */
  fix?: string;
}

export const ok = (summary: string): Verdict => ({ status: "ok", summary });
export const warn = (summary: string, fix: string): Verdict => ({ status: "warn", summary, fix });
export const fail = (summary: string, fix: string): Verdict => ({ status: "fail", summary, fix });
export const skip = (summary: string): Verdict => ({ status: "skip", summary });

const GIB = 1024 ** 3;

/** « 12,5 Go » — French decimal comma, one decimal below 10. */
export function gigabytes(bytes: number): string {
  const value = bytes / GIB;
  return `${value.toFixed(value < 10 ? 1 : 0).replace(".", ",")} Go`;
}
