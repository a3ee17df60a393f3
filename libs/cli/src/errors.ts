/** Exit codes: 0 ok, 1 a check failed (an eval gate, `push --fail-on-change`), 2 an error. */
export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_ERROR = 2;

/** Something the user can fix on their side: a file that does not parse, no login. */
export class UsageError extends Error {
  readonly exitCode = EXIT_ERROR;
}

/** Arguments that do not make sense together: the command's help is printed after the message. */
export class BadArgumentsError extends UsageError {}

/** A check the command ran and that did not pass; its report has been printed. */
export class CheckFailedError extends Error {
  readonly exitCode = EXIT_CHECK_FAILED;
}

/** An answer of the API that is not a success, from its problem+json body when it has one. */
export class ApiError extends Error {
  readonly exitCode = EXIT_ERROR;

  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly detail: string,
  ) {
    super(`${status}${code ? ` ${code}` : ''} — ${detail}`);
  }
}

/** The server could not be reached at all. */
export class NetworkError extends Error {
  readonly exitCode = EXIT_ERROR;
}

export function exitCodeOf(error: unknown): number {
  const code = (error as { exitCode?: unknown })?.exitCode;
  return typeof code === 'number' ? code : EXIT_ERROR;
}
