import http from 'node:http';

/** What the tRPC client reads of a response (httpUtils: `res.json()`, kept as `meta.response`). */
interface MinimalResponse {
  ok: boolean;
  status: number;
  headers: Headers;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/**
 * A `fetch` for the bench's tRPC clients over `node:http` with one keep-alive connection.
 *
 * Node 20's built-in fetch (undici) costs about 1.5 ms of CPU per call here, more than the
 * server spends on a save; with 8 client processes on the same 2 cores the clients would
 * measure themselves, not the server. This sends the same requests, only cheaper.
 */
export function keepAliveFetch(): typeof fetch {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const send = (input: string | URL | Request, init: RequestInit = {}) =>
    new Promise<MinimalResponse>((resolve, reject) => {
      const url = new URL(String(input));
      const body = typeof init.body === 'string' ? init.body : undefined;
      const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const request = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: init.method ?? 'GET', headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          resolve({
            ok: status >= 200 && status < 300,
            status,
            headers: new Headers(Object.entries(response.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]]))),
            json: async () => JSON.parse(text) as unknown,
            text: async () => text,
          });
        });
      });
      request.on('error', reject);
      request.end(body);
    });
  return send as unknown as typeof fetch;
}
