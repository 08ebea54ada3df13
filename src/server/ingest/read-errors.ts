import { errorMessage } from '../db/errors';
import { badInput, DomainError, isDomainError } from '../errors';

/**
 * A DuckDB reader error as a message a person can act on: the server's storage path replaced by
 * the file's own name, the SQL echo and DuckDB's option dump dropped, encoding problems explained.
 * Interruptions stay cancellations.
 */
export function readError(error: unknown, storedPath: string, filename: string): Error {
  if (isDomainError(error)) return error;
  const raw = errorMessage(error);
  if (/INTERRUPT/i.test(raw)) return new DomainError('CANCELLED', 'The import was cancelled; nothing was saved');
  if (/Invalid unicode|not utf-8 encoded/i.test(raw)) {
    return badInput(`'${filename}' is not valid UTF-8 text. If it was saved in another encoding, choose it (latin-1 or utf-16) and import again`, { reason: 'encoding' });
  }
  const lines = raw
    .split(storedPath)
    .join(filename)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/^(LINE \d+:|\^|Possible Solution|file = |[a-z_]+ = )/.test(line));
  const text = lines.slice(0, 4).join(' — ').replace(/^(Invalid Input Error|Conversion Error|IO Error|Binder Error|Parser Error): /, '');
  return badInput(`'${filename}' could not be read: ${text.slice(0, 600)}`, { reason: 'unreadable' });
}
