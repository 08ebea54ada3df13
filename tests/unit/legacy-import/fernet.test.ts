import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptFernet, looksLikeFernetToken, parseFernetKey } from '@/server/legacy-import/fernet';
import { fernetEncrypt, newFernetKey } from '../../helpers/fernet-encrypt';
import { LEGACY_SAMPLES_DIR } from '../../helpers/legacy-fixtures';

const sampleKeyText = fs.readFileSync(path.join(LEGACY_SAMPLES_DIR, 'config/secret.key'), 'utf8');
const sampleToken = (JSON.parse(fs.readFileSync(path.join(LEGACY_SAMPLES_DIR, 'config/datasources.json'), 'utf8')) as {
  database_sources: { params?: { password?: string } }[];
}).database_sources[0]!.params!.password!;

describe('legacy Fernet decryption', () => {
  it('decrypts a token written by the legacy app (samples, PASSWORDS.txt)', () => {
    expect(decryptFernet(sampleToken, parseFernetKey(sampleKeyText)!)).toBe('r3port-pass!');
  });

  it('round-trips tokens of every padding length', () => {
    const keyText = newFernetKey();
    for (const plain of ['', 'x', '0123456789abcde', '0123456789abcdef', 'pässwörd with ünïcode 密码']) {
      expect(decryptFernet(fernetEncrypt(plain, keyText), parseFernetKey(keyText)!)).toBe(plain);
    }
  });

  it('returns null for a token made under another key (the HMAC does not verify)', () => {
    expect(decryptFernet(fernetEncrypt('secret', newFernetKey()), parseFernetKey(sampleKeyText)!)).toBeNull();
  });

  it('returns null for a tampered, truncated or malformed token', () => {
    const key = parseFernetKey(sampleKeyText)!;
    const bytes = Buffer.from(sampleToken, 'base64url');
    bytes[30] = bytes[30]! ^ 1;
    expect(decryptFernet(bytes.toString('base64url'), key)).toBeNull();
    expect(decryptFernet(sampleToken.slice(0, 60), key)).toBeNull();
    expect(decryptFernet('gAAAAA not base64 !!', key)).toBeNull();
    expect(decryptFernet('', key)).toBeNull();
  });

  it('accepts only 32-byte urlsafe-base64 keys', () => {
    expect(parseFernetKey(`${sampleKeyText}\n`)).toHaveLength(32);
    expect(parseFernetKey('too-short')).toBeNull();
    expect(parseFernetKey(Buffer.alloc(32).toString('base64'))).toHaveLength(32);
    expect(parseFernetKey(Buffer.alloc(31).toString('base64'))).toBeNull();
  });

  it('recognises tokens the way the legacy files hold them', () => {
    expect(looksLikeFernetToken(sampleToken)).toBe(true);
    expect(looksLikeFernetToken('plain-text-pass')).toBe(false);
  });
});
