import { createCipheriv, createHmac, randomBytes } from 'node:crypto';

/** Makes legacy Fernet tokens (as Python `cryptography` does) for tests; the app only decrypts. */
export function fernetEncrypt(plain: string, keyBase64Url: string, timestamp = 1_760_000_000): string {
  const key = Buffer.from(keyBase64Url.trim(), 'base64url');
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-cbc', key.subarray(16), iv);
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(timestamp));
  const body = Buffer.concat([Buffer.from([0x80]), time, iv, cipher.update(plain, 'utf8'), cipher.final()]);
  const mac = createHmac('sha256', key.subarray(0, 16)).update(body).digest();
  return Buffer.concat([body, mac]).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'); // urlsafe, padded
}

export function newFernetKey(): string {
  return randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}
