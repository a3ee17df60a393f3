import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const secret = 'a'.repeat(64);

  it('round-trips a secret and never shows it in the sealed form', () => {
    const box = new SecretBox(secret, 'webhook-secrets');
    const sealed = box.encrypt('sk-live-1234567890');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('sk-live');
    expect(box.decrypt(sealed)).toBe('sk-live-1234567890');
  });

  it('uses a fresh IV each time', () => {
    const box = new SecretBox(secret, 'x');
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('refuses a tampered ciphertext or another purpose key', () => {
    const box = new SecretBox(secret, 'webhook-secrets');
    const sealed = box.encrypt('value');
    const [v, iv, tag, data] = sealed.split(':');
    const flipped = Buffer.from(data, 'base64');
    flipped[0] ^= 1;
    expect(() => box.decrypt([v, iv, tag, flipped.toString('base64')].join(':'))).toThrow();
    expect(() => new SecretBox(secret, 'provider-keys').decrypt(sealed)).toThrow();
    expect(() => new SecretBox('b'.repeat(64), 'webhook-secrets').decrypt(sealed)).toThrow();
  });
});
