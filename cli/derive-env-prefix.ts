// `loki-mode` -> `LOKI_MODE`: environment variable names allow only
// upper-case letters, digits and underscores in portable shells.
export function deriveEnvPrefix(app: string): string {
  return app.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}
