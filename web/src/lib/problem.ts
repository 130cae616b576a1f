// Turning error answers of the API (application/problem+json) into messages
// a person can act on, with per-field messages for forms.

export interface FieldProblem {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: FieldProblem[];
}

/** An API call that did not succeed. `status` is 0 when the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string | undefined;
  /** Messages by field name, as the server names the fields. */
  readonly fieldErrors: Record<string, string>;
  /** Seconds to wait before retrying (from `Retry-After`), when given. */
  readonly retryAfter: number | undefined;
  /** The problem document as sent, for routes that add members of their own (such as a 409's `ticket`). */
  readonly body: Record<string, unknown>;

  constructor(init: {
    status: number;
    title: string;
    detail?: string;
    type?: string;
    fieldErrors?: Record<string, string>;
    retryAfter?: number;
    body?: Record<string, unknown>;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.type = init.type;
    this.fieldErrors = init.fieldErrors ?? {};
    this.retryAfter = init.retryAfter;
    this.body = init.body ?? {};
  }

  get hasFieldErrors(): boolean {
    return Object.keys(this.fieldErrors).length > 0;
  }
}

const fallbackTitles: Record<number, string> = {
  0: 'The server cannot be reached. Check your connection and try again.',
  400: 'The request was not understood.',
  401: 'Please sign in again.',
  403: 'You are not allowed to do this.',
  404: 'Not found.',
  409: 'This conflicts with the current state.',
  413: 'The request is too large.',
  422: 'Some fields are not valid.',
  429: 'Too many attempts. Please wait a moment.',
  502: 'The service is unavailable right now. Please try again shortly.',
  503: 'The service is busy right now. Please try again shortly.',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a `Retry-After` header given in seconds or as an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Builds an ApiError from a status and a parsed body (which may be anything:
 * a problem document, another JSON value, or nothing). The first message
 * given for a field wins.
 */
export function problemToError(status: number, body: unknown, retryAfter?: number): ApiError {
  const fieldErrors: Record<string, string> = {};
  let title = fallbackTitles[status] ?? `The request failed (${status}).`;
  let detail: string | undefined;
  let type: string | undefined;

  if (isRecord(body)) {
    if (typeof body.title === 'string' && body.title) title = body.title;
    if (typeof body.detail === 'string' && body.detail) detail = body.detail;
    if (typeof body.type === 'string') type = body.type;
    if (Array.isArray(body.errors)) {
      for (const entry of body.errors) {
        if (!isRecord(entry)) continue;
        const field = typeof entry.field === 'string' ? entry.field : '';
        const message = typeof entry.message === 'string' ? entry.message : '';
        if (field && message && !(field in fieldErrors)) fieldErrors[field] = message;
      }
    }
    // Some services answer plain `{"message": "..."}` objects.
    if (!detail && typeof body.message === 'string' && body.message) detail = body.message;
  }
  return new ApiError({ status, title, detail, type, fieldErrors, retryAfter, body: isRecord(body) ? body : undefined });
}

/**
 * The message to show for an error as a whole. Field messages are shown next
 * to their fields, so a 422's generic detail is replaced by a hint to look there.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 422 && error.hasFieldErrors) return 'Please correct the highlighted fields.';
    if (error.status === 429 && error.retryAfter !== undefined) {
      return `Too many attempts. Please try again in ${error.retryAfter} s.`;
    }
    if (error.status === 0) return fallbackTitles[0];
    return error.detail ?? error.title;
  }
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

/** A server message as a sentence: capitalized, one full stop. */
export function sentence(text: string): string {
  const trimmed = text.trim().replace(/\.+$/, '');
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}.`;
}

/**
 * Maps server field names onto the names a form uses: `aliases` maps a server
 * name (or a dotted prefix such as `price`) to a form field. Messages for
 * fields the form does not have are returned under `rest`.
 */
export function mapFieldErrors(
  fieldErrors: Record<string, string>,
  formFields: readonly string[],
  aliases: Record<string, string> = {},
): { fields: Record<string, string>; rest: string[] } {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const [serverField, message] of Object.entries(fieldErrors)) {
    const head = serverField.split(/[.[]/)[0];
    const target = aliases[serverField] ?? aliases[head] ?? (formFields.includes(serverField) ? serverField : formFields.includes(head) ? head : undefined);
    if (target && formFields.includes(target)) {
      if (!(target in fields)) fields[target] = message;
    } else {
      rest.push(`${serverField}: ${message}`);
    }
  }
  return { fields, rest };
}
