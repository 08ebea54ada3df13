import { errorMessage } from '../db/errors';

interface Target {
  host?: string;
  port?: number;
  user?: string;
  database?: string;
}

/**
 * A driver error in words a user can act on (wrong password, nothing listening, unknown
 * database…), keeping the driver's own text after it. Never includes the password: drivers do
 * not echo it, and this message only ever names host, port, user and database.
 */
export function plainConnectionError(error: unknown, target: Target): string {
  const e = error as { code?: string; errno?: number; message?: string };
  const code = String(e?.code ?? '');
  const where = target.host ? `${target.host}:${target.port}` : 'the server';
  const said = errorMessage(error);
  const words = (() => {
    switch (code) {
      case 'ECONNREFUSED':
        return `Nothing is listening at ${where} (connection refused): is the server running, and is the port right?`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `The host name '${target.host}' could not be resolved.`;
      case 'ETIMEDOUT':
      case 'CONNECT_TIMEOUT':
        return `No answer from ${where} in time (connection timed out).`;
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return `${where} cannot be reached from this server.`;
      case '28P01': // PostgreSQL invalid_password
      case '28000': // PostgreSQL invalid_authorization_specification
      case 'ER_ACCESS_DENIED_ERROR':
      case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
        return `Wrong user name or password for user '${target.user}'.`;
      case '3D000': // PostgreSQL invalid_catalog_name
      case 'ER_BAD_DB_ERROR':
        return `The database '${target.database}' does not exist on ${where}.`;
      case 'ER_DBACCESS_DENIED_ERROR':
      case '42501':
        return `User '${target.user}' may not use the database '${target.database}'.`;
      case '57014': // PostgreSQL query_canceled (statement_timeout)
      case 'PROTOCOL_SEQUENCE_TIMEOUT':
        return 'The query ran past its time limit and was stopped.';
      case 'SQLITE_CANTOPEN':
        return `The database file '${target.database}' cannot be opened.`;
      case 'SQLITE_NOTADB':
        return `'${target.database}' is not a SQLite database.`;
      default:
        if (/timeout/i.test(said) && /connect/i.test(said)) return `No answer from ${where} in time (connection timed out).`;
        if (code === 'HANDSHAKE_NO_SSL_SUPPORT' || /self[- ]signed|certificate|SSL|TLS|secure connection/i.test(said)) return `The TLS connection to ${where} failed.`;
        return null;
    }
  })();
  return words ? `${words} (${said})` : said;
}
