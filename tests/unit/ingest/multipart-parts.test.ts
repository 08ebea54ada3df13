import { describe, expect, it } from 'vitest';
import { multipartBoundary, MultipartError, multipartParts, type MultipartLimits } from '@/server/ingest/multipart-parts';

const BOUNDARY = '----duckquery-form-7f3a';

/** A body as a stream reader that delivers it in chunks of the given sizes (the last size repeats). */
function bodyReader(body: Buffer, sizes: number[]): ReadableStreamDefaultReader<Uint8Array> {
  let offset = 0;
  let turn = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= body.length) return controller.close();
      const size = sizes[Math.min(turn++, sizes.length - 1)]!;
      controller.enqueue(new Uint8Array(body.subarray(offset, offset + size)));
      offset += size;
    },
  }).getReader();
}

interface ReadPart {
  name: string;
  filename?: string;
  contentType?: string;
  content: string;
}

async function readAll(body: Buffer, sizes: number[] = [64 * 1024], limits?: MultipartLimits): Promise<ReadPart[]> {
  const parts: ReadPart[] = [];
  for await (const part of multipartParts(bodyReader(body, sizes), BOUNDARY, limits)) {
    const pieces: Buffer[] = [];
    for await (const piece of part.chunks()) pieces.push(Buffer.from(piece));
    const read: ReadPart = { name: part.name, content: Buffer.concat(pieces).toString('latin1') };
    if (part.filename !== undefined) read.filename = part.filename;
    if (part.contentType !== undefined) read.contentType = part.contentType;
    parts.push(read);
  }
  return parts;
}

const field = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const filePart = (name: string, filename: string, content: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n`;
const close = `--${BOUNDARY}--\r\n`;
const latin1 = (text: string) => Buffer.from(text, 'latin1');

// Content that looks like the delimiter without being it: every prefix of "\r\n--<boundary>", the
// boundary with other bytes after it but no CRLF before, and lone CR/LF.
const TRICKY = [
  'id,name\r\n1,a\r\n',
  ...Array.from({ length: BOUNDARY.length + 4 }, (_, n) => `x\r\n--${BOUNDARY}`.slice(1, 1 + n) + '|'),
  `--${BOUNDARY}--not-a-close`,
  `\n--${BOUNDARY}\r`,
  '\r\r\n\r\n-',
].join('');

describe('multipartParts', () => {
  const body = latin1(field('table_alias', 'sales') + filePart('file', 'sales.csv', TRICKY) + field('if_exists', 'replace') + close);
  const expected: ReadPart[] = [
    { name: 'table_alias', content: 'sales' },
    { name: 'file', filename: 'sales.csv', contentType: 'text/csv', content: TRICKY },
    { name: 'if_exists', content: 'replace' },
  ];

  it('reads fields and a file whose content looks like the boundary', async () => {
    expect(await readAll(body)).toEqual(expected);
  });

  it('reads the same whatever the chunking: a delimiter split across chunks at every position', async () => {
    for (let size = 1; size <= 80; size++) expect(await readAll(body, [size]), `chunks of ${size} bytes`).toEqual(expected);
    // One split point, everywhere in the body: the chunk before it and the rest.
    for (let cut = 1; cut < body.length; cut++) expect(await readAll(body, [cut, body.length]), `split at byte ${cut}`).toEqual(expected);
  });

  it('passes large file content through in pieces as they arrive, not held until the part ends', async () => {
    const big = 'a'.repeat(1024 * 1024);
    const reader = bodyReader(latin1(filePart('file', 'big.csv', big) + close), [64 * 1024]);
    for await (const part of multipartParts(reader, BOUNDARY)) {
      const sizes: number[] = [];
      for await (const piece of part.chunks()) sizes.push(piece.length);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(big.length);
      expect(sizes.length).toBeGreaterThan(10);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(64 * 1024);
    }
  });

  it('ignores a preamble and an epilogue, and spaces after a boundary', async () => {
    const text = `preamble\r\n--not-ours\r\n${field('a', '1')}--${BOUNDARY}  \t\r\nContent-Disposition: form-data; name="b"\r\n\r\n2\r\n${close}epilogue --${BOUNDARY}`;
    expect(await readAll(latin1(text), [7])).toEqual([
      { name: 'a', content: '1' },
      { name: 'b', content: '2' },
    ]);
  });

  it('skips parts the caller does not read, and parts that are not named form-data', async () => {
    const text =
      filePart('skipped', 'x.csv', 'unread content') +
      `--${BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: attachment; name="x"\r\n\r\nnot form-data\r\n` +
      `--${BOUNDARY}\r\n\r\nno headers at all\r\n` +
      field('kept', 'yes') +
      close;
    const names: string[] = [];
    let kept = '';
    for await (const part of multipartParts(bodyReader(latin1(text), [5]), BOUNDARY)) {
      names.push(part.name);
      if (part.name === 'kept') kept = await part.text(100);
    }
    expect(names).toEqual(['skipped', 'kept']);
    expect(kept).toBe('yes');
  });

  it('reads file names as browsers and RFC 5987 send them', async () => {
    const disposition = (params: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; ${params}\r\n\r\nx\r\n`;
    const text =
      disposition('filename="a \\"quoted\\" name.csv"') +
      disposition(`filename="${Buffer.from('données_東京.csv', 'utf8').toString('latin1')}"`) +
      disposition(`filename="fallback.csv"; filename*=UTF-8''%E2%82%AC%20rates.csv`) +
      disposition('filename=token.csv') +
      disposition('filename="semi;colon.csv"') +
      disposition('filename=""') +
      close;
    expect((await readAll(latin1(text), [3])).map((p) => p.filename)).toEqual(['a "quoted" name.csv', 'données_東京.csv', '€ rates.csv', 'token.csv', 'semi;colon.csv', '']);
  });

  it.each([
    ['no closing boundary', field('a', '1'), /ended inside a part, before its closing boundary/],
    ['cut right after a boundary', field('a', '1') + `--${BOUNDARY}`, /ended after a boundary/],
    ['cut inside a part', field('a', '1') + filePart('file', 'x.csv', 'half a fi'), /ended inside a part/],
    ['cut inside the headers', `--${BOUNDARY}\r\nContent-Disposition: form-da`, /ended inside a part's headers/],
    ['no boundary at all', 'just some text', /ended inside a part/],
    ['garbage after a boundary', `--${BOUNDARY}garbage\r\n\r\n${close}`, /malformed: unexpected bytes after a boundary/],
    ['a header line without a name', `--${BOUNDARY}\r\nno colon here\r\n\r\nx\r\n${close}`, /malformed: a part header without a name/],
    ['an empty body', '', /ended inside a part/],
  ])('a body with %s is refused with MultipartError', async (_what, text, message) => {
    const error = await readAll(latin1(text), [4]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MultipartError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses headers past the limit, too many parts and a field past its size', async () => {
    const hugeHeader = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\nX-Padding: ${'p'.repeat(20_000)}\r\n\r\n1\r\n${close}`;
    await expect(readAll(latin1(hugeHeader), [1000])).rejects.toThrow(/headers of a part are larger than 16384 bytes/);
    const endless = `--${BOUNDARY}\r\nX-Padding: ${'p'.repeat(100_000)}`; // never reaches a blank line
    await expect(readAll(latin1(endless), [1000])).rejects.toThrow(/larger than 16384 bytes/);
    const many = Array.from({ length: 6 }, (_, i) => field(`f${i}`, '')).join('') + close;
    await expect(readAll(latin1(many), [64], { maxParts: 5 })).rejects.toThrow(/more than 5 parts/);
    expect(await readAll(latin1(many), [64], { maxParts: 6 })).toHaveLength(6);

    const reader = bodyReader(latin1(field('table_alias', 'x'.repeat(101)) + close), [16]);
    const texts = (async () => {
      for await (const part of multipartParts(reader, BOUNDARY)) await part.text(100);
    })();
    await expect(texts).rejects.toThrow(/form field 'table_alias' is larger than 100 bytes/);
  });

  it('passes an error of the body itself (a dropped connection) through as it is', async () => {
    let sent = false;
    const reader = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error('socket hang up'));
        sent = true;
        controller.enqueue(latin1(filePart('file', 'x.csv', 'a,b\r\n1,2').slice(0, -2)));
      },
    }).getReader();
    const read = (async () => {
      for await (const part of multipartParts(reader, BOUNDARY)) for await (const piece of part.chunks()) void piece;
    })();
    await expect(read).rejects.toThrow('socket hang up');
  });
});

describe('multipartBoundary', () => {
  it.each([
    ['multipart/form-data; boundary=abc123', 'abc123'],
    ['Multipart/Form-Data;boundary="quoted boundary"', 'quoted boundary'],
    ['multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundaryx', '----WebKitFormBoundaryx'],
    ['multipart/form-data; boundary=abc; charset=utf-8', 'abc'],
  ])('%s → %s', (header, boundary) => expect(multipartBoundary(header)).toBe(boundary));

  it.each([['application/json'], ['multipart/form-data'], ['multipart/form-data; boundary='], ['multipart/mixed; boundary=abc'], [`multipart/form-data; boundary=${'b'.repeat(201)}`], [null]])(
    'refuses %s',
    (header) => expect(multipartBoundary(header)).toBeNull(),
  );
});
