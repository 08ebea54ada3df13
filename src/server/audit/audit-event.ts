/** One row of system_audit_log, as the app writes it. */
export interface AuditEvent {
  actor: string;
  action: string;
  target_type?: string | null;
  target_id?: string | null;
  outcome: 'ok' | 'error';
  details?: Record<string, unknown>;
  duration_ms?: number | null;
}
