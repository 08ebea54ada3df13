/** A multipart/form-data request built byte by byte, so tests can send names a browser would escape (NUL, `../`). */
export function multipartRequest(url: string, parts: { name: string; value: string | Buffer; filename?: string; /** RFC 5987 form, percent-encoded by the test: `filename*=UTF-8''…` */ encodedFilename?: string }[], headers: Record<string, string> = {}): Request {
  const boundary = `----duckquery-test-${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const fileParam = part.encodedFilename !== undefined ? `; filename*=UTF-8''${part.encodedFilename}` : part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const disposition = `form-data; name="${part.name}"${fileParam}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${fileParam === '' ? '' : 'Content-Type: application/octet-stream\r\n'}\r\n`, 'utf8'));
    chunks.push(Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value, 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(chunks);
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length), ...headers },
    body,
  });
}
