import { z } from "zod";
import { CHAPTER_SLUG as CHAPTER } from "./api.ts";

/**
 * Jobs: one command of the sandbox run on its own TTY (not in a shell), whose
 * output and exit status travel over the terminal socket like a shell's
 * (offsets, replay, flow control, the `exit` control message). Shared by the
 * runner (POST /v1/sandboxes/:id/jobs), the site (POST /api/sandbox/:id/jobs)
 * and the browser, so the three agree on one validated shape.
 *
 * A job is never an arbitrary command line: the runner builds the argv from
 * these checked fields and runs it without a shell.
 */

/** Terminal ids of jobs; a terminal socket never creates a shell under this prefix. */
export const JOB_ID_PREFIX = "job-";
export const JOB_ID_PATTERN = /^job-[a-f0-9]{12}$/;

/**
 * A Dockerfile relative to the chapter folder: the editor's own path rules
 * (no spaces, quotes, `.` or `..` segments), at most six levels.
 */
const SEGMENT = "(?!\\.\\.?(?:/|$))[A-Za-z0-9._@+-]+";
const RELATIVE_PATH = new RegExp(`^${SEGMENT}(?:/${SEGMENT}){0,5}$`);
/** An image reference for `docker build -t`; Docker checks its grammar, this keeps out options and odd bytes. */
const IMAGE_TAG = /^[a-z0-9][A-Za-z0-9._/:-]{0,199}$/;

export const buildJobSchema = z.object({
  kind: z.literal("build"),
  chapter: z.string().regex(CHAPTER, "chapter must be a course slug"),
  dockerfile: z.string().max(160).regex(RELATIVE_PATH, "dockerfile must be a relative path inside the chapter folder"),
  tag: z.string().regex(IMAGE_TAG, "tag must be an image reference"),
});

export const jobRequestSchema = z.discriminatedUnion("kind", [buildJobSchema]);
export type JobRequest = z.output<typeof jobRequestSchema>;

export const jobSchema = z.object({
  /** The terminal id to attach to: /terminals/:id on the usual socket. */
  id: z.string().regex(JOB_ID_PATTERN),
  kind: z.literal("build"),
  startedAt: z.number(),
});
export const jobResponseSchema = z.object({ job: jobSchema });
export type JobInfo = z.output<typeof jobSchema>;

/** Where a build job runs and what it runs (no shell: every argument is one argv entry). */
export function buildJobCommand(request: z.output<typeof buildJobSchema>): { argv: string[]; workdir: string } {
  const slash = request.dockerfile.lastIndexOf("/");
  const folder = slash < 0 ? "" : request.dockerfile.slice(0, slash);
  const file = request.dockerfile.slice(slash + 1);
  return {
    argv: ["docker", "build", "--progress=plain", "-t", request.tag, "-f", file, "."],
    workdir: ["/root", request.chapter, folder].filter(Boolean).join("/"),
  };
}
