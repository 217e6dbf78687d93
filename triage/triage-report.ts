// The report fields the triage format reads. Structural on purpose: a
// crashfix/redact `Report` satisfies it, and so does any stored subset.
export type TriageReport = {
  fingerprint: string;
  error_class: string;
  stack_signature: readonly string[];
  app: string;
  app_version: string;
  os: string;
  arch: string;
  captured_at: string;
  project_id_hash?: string | undefined;
  phase?: string | undefined;
  exit_code?: number | undefined;
  friction_kind?: string | undefined;
};
