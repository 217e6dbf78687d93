// Errors answered to HTTP clients in GitHub's shapes, and errors thrown to the
// host of the server (bad options, a data directory that cannot be opened).

export const DOCS_URL = "https://docs.github.com/rest";

export type GitHubFieldError = {
  resource: string;
  field?: string;
  code: "missing" | "missing_field" | "invalid" | "already_exists" | "unprocessable" | "custom";
  message?: string;
  value?: unknown;
};

/** An answer other than 2xx, rendered as GitHub renders it: `{ message, documentation_url, status }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly errors: GitHubFieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly documentationUrl: string;

  constructor(
    status: number,
    message: string,
    extra: { errors?: GitHubFieldError[]; headers?: Record<string, string>; docs?: string } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.errors = extra.errors;
    this.headers = extra.headers ?? {};
    this.documentationUrl = extra.docs ?? DOCS_URL;
  }

  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = { message: this.message };
    if (this.errors) body.errors = this.errors;
    body.documentation_url = this.documentationUrl;
    body.status = String(this.status);
    return body;
  }
}

export const notFound = (): ApiError => new ApiError(404, "Not Found");

/**
 * The client went away before its request body was in (it aborted, or its
 * process was killed): no one is left to answer, and nothing was applied.
 */
export class ClientGoneError extends Error {
  constructor(options?: { cause?: unknown }) {
    super("the client closed the connection before sending the whole request", options);
    this.name = "ClientGoneError";
  }
}

/** 422 with GitHub's `errors` array (https://docs.github.com/rest/overview/troubleshooting-the-rest-api). */
export const validationFailed = (errors: GitHubFieldError[]): ApiError =>
  new ApiError(422, "Validation Failed", { errors });

export type LocalGitHubErrorCode = "INVALID_OPTIONS" | "DATA_DIR" | "GIT_FAILED" | "LISTEN_FAILED";

/** Thrown to the process that embeds the server; carries what the operator must fix. */
export class LocalGitHubError extends Error {
  readonly code: LocalGitHubErrorCode;
  constructor(code: LocalGitHubErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LocalGitHubError";
    this.code = code;
  }
}
