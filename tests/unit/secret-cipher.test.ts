import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, isEncryptedSecret, SecretDecryptError } from '@/server/secrets/cipher';
import { generateKeyBase64, keyIdOf, parseKey, type Keyring } from '@/server/secrets/keyring';
import { maskParams, SECRET_MASK } from '@/server/secrets/secret-fields';
import { redact } from '@/server/audit/redact';

const keyring = (): Keyring => {
  const key = parseKey(generateKeyBase64(), 'test');
  return { currentId: keyIdOf(key), keys: new Map([[keyIdOf(key), key]]) };
};

describe('secret encryption (AES-256-GCM)', () => {
  it('round-trips, with a fresh IV each time and the key id in the clear', () => {
    const ring = keyring();
    const a = encryptSecret('pässwörd', ring);
    const b = encryptSecret('pässwörd', ring);
    expect(a).not.toEqual(b);
    expect(a).not.toContain('pässwörd');
    expect(a.startsWith(`dq:v1:${ring.currentId}:`)).toBe(true);
    expect(isEncryptedSecret(a)).toBe(true);
    expect(decryptSecret(a, ring)).toBe('pässwörd');
  });

  it('refuses a tampered ciphertext or an unknown key', () => {
    const ring = keyring();
    const token = encryptSecret('secret', ring);
    const parts = token.split(':');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => decryptSecret(parts.join(':'), ring)).toThrow(SecretDecryptError);
    expect(() => decryptSecret(token, keyring())).toThrow(/not configured/);
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => parseKey(Buffer.alloc(16).toString('base64'), 'DUCKQUERY_SECRET_KEY')).toThrow(/32 bytes/);
  });
});

describe('masking and redaction', () => {
  it('masks every secret-named param and nothing else', () => {
    expect(maskParams({ host: 'h', password: 'p', Token: 't', user: 'u', ssl_key: '' })).toEqual({
      host: 'h',
      password: SECRET_MASK,
      Token: SECRET_MASK,
      user: 'u',
      ssl_key: '',
    });
  });

  it('redacts secrets at any depth, and ciphertext too', () => {
    const ring = keyring();
    expect(redact({ a: { password: 'x', list: [{ api_key: 'y' }] }, b: encryptSecret('z', ring) })).toEqual({
      a: { password: '[redacted]', list: [{ api_key: '[redacted]' }] },
      b: '[redacted]',
    });
  });
});
