export class ConfigError extends Error {
  readonly code = "INVALID_CONFIG";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConfigError";
  }
}
