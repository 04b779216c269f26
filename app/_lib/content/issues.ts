/**
 * A content problem, located in a file and line so an author can fix it
 * without hunting. Paths are relative to the repository root.
 */
export interface ContentIssue {
  file: string;
  line: number;
  message: string;
}

export function formatIssue(issue: ContentIssue): string {
  return `${issue.file}:${issue.line}: ${issue.message}`;
}

/** Collects issues for one file, so helpers only pass a line and a message. */
export class IssueSink {
  constructor(
    readonly file: string,
    private readonly issues: ContentIssue[],
  ) {}

  add(line: number, message: string): void {
    this.issues.push({ file: this.file, line, message });
  }
}

export function sortIssues(issues: ContentIssue[]): ContentIssue[] {
  return [...issues].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.message.localeCompare(b.message));
}

/** Thrown by the loader (and so by `next build`) when the course has any issue. */
export class ContentValidationError extends Error {
  constructor(readonly issues: ContentIssue[]) {
    const lines = sortIssues(issues).map(formatIssue);
    super(`the course has ${issues.length} content error${issues.length > 1 ? "s" : ""}:\n${lines.join("\n")}`);
    this.name = "ContentValidationError";
  }
}
