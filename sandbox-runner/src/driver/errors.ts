/** Docker answers 404 for what is already gone and 304 for what is already done. */
export function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number } | null)?.statusCode === 404;
}

export function isAlreadyDone(err: unknown): boolean {
  return (err as { statusCode?: number } | null)?.statusCode === 304;
}

export function isConflict(err: unknown): boolean {
  return (err as { statusCode?: number } | null)?.statusCode === 409;
}

/** Wraps an error with what was being done, keeping Docker's own message. */
export function wrap(context: string, err: unknown): Error {
  const message = (err as { json?: { message?: string } } | null)?.json?.message ?? (err as Error)?.message ?? String(err);
  const wrapped = new Error(`${context}: ${message}`, { cause: err });
  const status = (err as { statusCode?: number } | null)?.statusCode;
  if (status !== undefined) Object.assign(wrapped, { statusCode: status });
  return wrapped;
}

/** Docker answers 500 (not 404) when detaching what is not attached. */
function isNotAttached(err: unknown): boolean {
  return /is not connected to/.test((err as { json?: { message?: string } } | null)?.json?.message ?? "");
}

/** Runs a removal; "already gone" counts as success. */
export async function ignoreGone(action: () => Promise<unknown>, context: string): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (!isNotFound(err) && !isAlreadyDone(err) && !isNotAttached(err)) throw wrap(context, err);
  }
}
