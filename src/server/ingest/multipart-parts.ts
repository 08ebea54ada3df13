/**
 * A streaming multipart/form-data reader (RFC 7578) that pulls the request body part by part.
 *
 * Why not busboy: its boundary search is a byte-by-byte loop in JavaScript, which cost ~0.9 s of the
 * server's only JavaScript thread per 815 MB upload, a third of receiving it (bench/results). Here
 * the search is Buffer#indexOf (native, ~15 GB/s), and file content passes through as views of the
 * chunks that arrived, never copied and never held whole.
 *
 * Pull-based: nothing is read from the body until the caller asks for the next part or the next
 * piece of the current one, so a slow disk slows the client down instead of filling memory. A part
 * the caller leaves unread is skipped when it asks for the next one.
 */

/** The body is not a well-formed multipart/form-data message, or breaks a limit. */
export class MultipartError extends Error {
  override name = 'MultipartError';
}

export interface MultipartPart {
  /** The form field's name (Content-Disposition `name`). */
  name: string;
  /** Set for a file part (even when empty: a file input left blank); unset for a plain field. */
  filename?: string;
  contentType?: string;
  /** The content as it arrives: views of the received chunks, valid while the caller holds them. */
  chunks(): AsyncIterableIterator<Uint8Array>;
  /** The content as UTF-8 text, refused past `maxBytes`. */
  text(maxBytes: number): Promise<string>;
}

export interface MultipartLimits {
  /** The headers of one part (busboy's limit too). */
  maxHeaderBytes?: number;
  /** Parts in one body: a form has a few; thousands of empty parts are an attack on the parser. */
  maxParts?: number;
}

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');
const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
const DEFAULT_MAX_PARTS = 100;

/** The `boundary` parameter of a multipart/form-data Content-Type, or null when it is not one. */
export function multipartBoundary(contentType: string | null | undefined): string | null {
  const match = /^\s*multipart\/form-data\s*;(.*)$/is.exec(contentType ?? '');
  if (!match) return null;
  const param = /(?:^|;)\s*boundary\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(match[1]!);
  const boundary = param ? (param[1] !== undefined ? param[1].replace(/\\(.)/g, '$1') : param[2]!) : '';
  // RFC 2046: 1–70 characters; allow some slack for lax clients, never control characters.
  return boundary.length >= 1 && boundary.length <= 200 && !/[\u0000-\u001f\u007f]/.test(boundary) ? boundary : null;
}

/**
 * The parts of a multipart body, in order. Each part must be read (or left) before the next is
 * asked for. Ends at the closing boundary; a body that ends before it, or is malformed, throws
 * MultipartError. Errors of the body itself (a dropped connection) pass through as they are.
 */
export async function* multipartParts(reader: ReadableStreamDefaultReader<Uint8Array>, boundary: string, limits: MultipartLimits = {}): AsyncGenerator<MultipartPart> {
  const scanner = new BoundaryScanner(reader, boundary);
  const maxParts = limits.maxParts ?? DEFAULT_MAX_PARTS;
  // Whatever precedes the first boundary is a preamble, skipped like the content of a part.
  await scanner.skipContent();
  for (let count = 0; ; count++) {
    if (await scanner.atCloseDelimiter()) return;
    if (count >= maxParts) throw new MultipartError(`The form has more than ${maxParts} parts`);
    const headers = parseHeaders(await scanner.headerBlock(limits.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES));
    const disposition = parseDisposition(headers.get('content-disposition'));
    if (disposition) {
      let started = false;
      yield {
        name: disposition.name,
        filename: disposition.filename,
        contentType: headers.get('content-type'),
        chunks: () => {
          if (started) throw new Error('A part can be read once');
          started = true;
          return scanner.content();
        },
        text: async (maxBytes) => {
          if (started) throw new Error('A part can be read once');
          started = true;
          return scanner.text(maxBytes, disposition.name);
        },
      };
    }
    // Whatever the caller left of this part (or all of a part without a form-data name) is skipped.
    await scanner.skipContent();
  }
}

/**
 * Finds the delimiters ("\r\n--" + boundary) in the body as it arrives. A virtual CRLF before the
 * first byte lets the first boundary, which has none, be found like the others.
 */
class BoundaryScanner {
  private readonly delimiter: Buffer;
  /** Received, not yet consumed. */
  private buffer: Buffer = CRLF;
  /** The current part's content is over: its delimiter is consumed. */
  private partDone = false;

  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    boundary: string,
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  }

  /** The next chunk of the body, or null at its end. */
  private async read(): Promise<Buffer | null> {
    const { value, done } = await this.reader.read();
    return done ? null : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }

  /** Appends the next chunk to what is left; the end of the body here means it was cut short. */
  private async receiveOrFail(where: string): Promise<void> {
    const chunk = await this.read();
    if (!chunk) throw new MultipartError(`The body ended ${where}`);
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
  }

  /**
   * The next piece of the current part's content, or null once its delimiter is consumed. Bytes
   * that may be the start of a delimiter split across chunks are held back until the next chunk
   * decides; so a piece is usually a whole received chunk, passed on as is.
   */
  private async nextPiece(): Promise<Buffer | null> {
    if (this.partDone) return null;
    for (;;) {
      const at = this.buffer.indexOf(this.delimiter);
      if (at !== -1) {
        const piece = this.buffer.subarray(0, at);
        this.buffer = this.buffer.subarray(at + this.delimiter.length);
        this.partDone = true;
        return piece.length > 0 ? piece : null;
      }
      const held = this.heldBackFrom();
      if (held > 0) {
        const piece = this.buffer.subarray(0, held);
        this.buffer = this.buffer.subarray(held);
        return piece;
      }
      // All that is left may begin a delimiter: the next chunk decides.
      const chunk = await this.read();
      if (!chunk) throw new MultipartError('The body ended inside a part, before its closing boundary');
      if (this.buffer.length > 0 && chunk.length >= this.delimiter.length) {
        // The delimiter can only start in the held bytes and end in the chunk's first bytes: if it
        // does not, the held bytes go out on their own and the chunk is kept as is, not copied.
        const seam = Buffer.concat([this.buffer, chunk.subarray(0, this.delimiter.length - 1)]);
        if (seam.indexOf(this.delimiter) === -1) {
          const piece = this.buffer;
          this.buffer = chunk;
          return piece;
        }
      }
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    }
  }

  /** Where the bytes that could begin a delimiter (a prefix of it at the end of the buffer) start. */
  private heldBackFrom(): number {
    const buffer = this.buffer;
    for (let start = Math.max(0, buffer.length - this.delimiter.length + 1); start < buffer.length; start++) {
      start = buffer.indexOf(13, start); // '\r' starts the delimiter
      if (start === -1) break;
      if (buffer.subarray(start).equals(this.delimiter.subarray(0, buffer.length - start))) return start;
    }
    return buffer.length;
  }

  async *content(): AsyncIterableIterator<Uint8Array> {
    for (let piece = await this.nextPiece(); piece; piece = await this.nextPiece()) yield piece;
  }

  async text(maxBytes: number, name: string): Promise<string> {
    const pieces: Buffer[] = [];
    let size = 0;
    for (let piece = await this.nextPiece(); piece; piece = await this.nextPiece()) {
      size += piece.length;
      if (size > maxBytes) throw new MultipartError(`The form field '${name.slice(0, 100)}' is larger than ${maxBytes} bytes`);
      pieces.push(piece);
    }
    return Buffer.concat(pieces).toString('utf8');
  }

  async skipContent(): Promise<void> {
    while (await this.nextPiece());
  }

  /**
   * After a delimiter: `--` closes the body (what follows is an epilogue, ignored); otherwise
   * optional spaces and tabs, then the CRLF that ends the boundary line, open the next part.
   */
  async atCloseDelimiter(): Promise<boolean> {
    for (;;) {
      const end = this.buffer.indexOf(CRLF);
      if (this.buffer.length >= 2 && this.buffer[0] === 45 && this.buffer[1] === 45) return true; // "--"
      if (end !== -1) {
        if (!/^[ \t]*$/.test(this.buffer.toString('latin1', 0, end))) throw new MultipartError('The body is malformed: unexpected bytes after a boundary');
        this.buffer = this.buffer.subarray(end + 2);
        this.partDone = false;
        return false;
      }
      if (this.buffer.length > 1024) throw new MultipartError('The body is malformed: unexpected bytes after a boundary');
      await this.receiveOrFail('after a boundary, before its closing one');
    }
  }

  /** The raw header block of the part that starts here, up to the blank line that ends it. */
  async headerBlock(maxBytes: number): Promise<string> {
    for (;;) {
      if (this.buffer.length >= 2 && this.buffer[0] === 13 && this.buffer[1] === 10) {
        this.buffer = this.buffer.subarray(2); // no headers at all
        return '';
      }
      const end = this.buffer.indexOf(HEADERS_END);
      if (end !== -1 && end <= maxBytes) {
        const block = this.buffer.toString('latin1', 0, end);
        this.buffer = this.buffer.subarray(end + HEADERS_END.length);
        return block;
      }
      if (end > maxBytes || this.buffer.length > maxBytes + HEADERS_END.length) throw new MultipartError(`The headers of a part are larger than ${maxBytes} bytes`);
      await this.receiveOrFail("inside a part's headers");
    }
  }
}

/** Header lines (latin1, as sent) by lower-case name; folded lines are joined. */
function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  let last: string | null = null;
  for (const line of block.split('\r\n')) {
    if (line === '') continue;
    if ((line[0] === ' ' || line[0] === '\t') && last) {
      headers.set(last, `${headers.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError('The body is malformed: a part header without a name');
    last = line.slice(0, colon).trim().toLowerCase();
    headers.set(last, line.slice(colon + 1).trim());
  }
  return headers;
}

/**
 * `form-data; name="…"; filename="…"` → the name and file name. Quoted strings may hold backslash
 * escapes; bytes are UTF-8 (what browsers send); `filename*=UTF-8''…` (RFC 5987) wins over
 * `filename`. Null for a part that is not a named form-data part: it is skipped.
 */
function parseDisposition(value: string | undefined): { name: string; filename?: string } | null {
  if (!value) return null;
  const [type, ...rest] = splitParams(value);
  if (type?.trim().toLowerCase() !== 'form-data') return null;
  const params = new Map<string, string>();
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq <= 0) continue;
    const key = param.slice(0, eq).trim().toLowerCase();
    let raw = param.slice(eq + 1).trim();
    if (raw.startsWith('"')) raw = raw.slice(1, raw.endsWith('"') && raw.length > 1 ? -1 : undefined).replace(/\\(.)/g, '$1');
    if (key.endsWith('*')) {
      const decoded = decodeExtendedValue(raw);
      if (decoded !== null) params.set(key.slice(0, -1), decoded);
    } else if (!params.has(key)) {
      params.set(key, Buffer.from(raw, 'latin1').toString('utf8'));
    }
  }
  const name = params.get('name');
  if (name === undefined) return null;
  return params.has('filename') ? { name, filename: params.get('filename') } : { name };
}

/** Splits on `;` outside quoted strings. */
function splitParams(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted && c === '\\' && i + 1 < value.length) {
      current += c + value[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

/** RFC 5987 `charset'language'percent-encoded`; UTF-8 and ISO-8859-1 (the two it names). */
function decodeExtendedValue(raw: string): string | null {
  const match = /^([^']*)'[^']*'(.*)$/.exec(raw);
  if (!match) return null;
  const charset = match[1]!.toLowerCase();
  if (charset !== 'utf-8' && charset !== 'iso-8859-1') return null;
  const bytes = Buffer.from(match[2]!.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  return bytes.toString(charset === 'utf-8' ? 'utf8' : 'latin1');
}
