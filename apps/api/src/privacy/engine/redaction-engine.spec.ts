import fc from 'fast-check';
import { detect, redact, TokenVault, type RedactionPolicy } from './redaction-engine';

const TEXT = 'Mail alice@example.com or call 13812345678; alice@example.com again. Card 4111 1111 1111 1111.';

describe('redact', () => {
  it('masks with the bare type name', () => {
    const policy: RedactionPolicy = { entities: { EMAIL: 'mask', PHONE: 'mask', CREDIT_CARD: 'mask' } };
    const result = redact(TEXT, policy, new TokenVault());
    expect(result.text).toBe('Mail <EMAIL> or call <PHONE>; <EMAIL> again. Card <CREDIT_CARD>.');
    expect(result.counts).toEqual({ EMAIL: 2, PHONE: 1, CREDIT_CARD: 1 });
    expect(result.blocked).toEqual([]);
  });

  it('tokenizes the same value to the same placeholder across the texts of one request, and restores it', () => {
    const policy: RedactionPolicy = { entities: { EMAIL: 'tokenize', PHONE: 'tokenize' } };
    const vault = new TokenVault();
    const first = redact(TEXT, policy, vault);
    const second = redact('From bob@example.org, cc alice@example.com.', policy, vault);
    expect(first.text).toBe('Mail <EMAIL_1> or call <PHONE_1>; <EMAIL_1> again. Card 4111 1111 1111 1111.');
    expect(second.text).toBe('From <EMAIL_2>, cc <EMAIL_1>.');
    expect(vault.size).toBe(3);
    expect(vault.restore(first.text)).toBe(TEXT);
    expect(vault.restore('Reply to <EMAIL_2> and <EMAIL_1>; <EMAIL_9> is unknown.')).toBe(
      'Reply to bob@example.org and alice@example.com; <EMAIL_9> is unknown.',
    );
  });

  it('blocks: leaves the text as it is and names the types found, never the values', () => {
    const policy: RedactionPolicy = { entities: { EMAIL: 'mask', CREDIT_CARD: 'block' } };
    const result = redact(TEXT, policy, new TokenVault());
    expect(result.blocked).toEqual(['CREDIT_CARD']);
    expect(result.counts).toEqual({ EMAIL: 2, CREDIT_CARD: 1 });
    expect(JSON.stringify(result.blocked)).not.toContain('4111');
  });

  it('leaves types that are off untouched and counts nothing for them', () => {
    const result = redact(TEXT, { entities: { EMAIL: 'off', PHONE: 'mask' } }, new TokenVault());
    expect(result.text).toBe(
      'Mail alice@example.com or call <PHONE>; alice@example.com again. Card 4111 1111 1111 1111.',
    );
    expect(result.counts).toEqual({ PHONE: 1 });
  });

  it('handles several types in Chinese text with no spaces', () => {
    const policy: RedactionPolicy = {
      entities: { EMAIL: 'tokenize', PHONE: 'tokenize', CN_RESIDENT_ID: 'mask', IP_ADDRESS: 'mask' },
    };
    const result = redact(
      '我叫张三，手机13812345678，邮箱zhang.san@example.cn，身份证11010519491231002X，IP 10.0.0.1。',
      policy,
      new TokenVault(),
    );
    expect(result.text).toBe('我叫张三，手机<PHONE_1>，邮箱<EMAIL_1>，身份证<CN_RESIDENT_ID>，IP <IP_ADDRESS>。');
  });

  it('detects in text order without overlaps', () => {
    const found = detect('4111 1111 1111 1111 / +1 415 555 2671 / 192.168.0.1', {
      entities: { CREDIT_CARD: 'mask', PHONE: 'mask', IP_ADDRESS: 'mask' },
    });
    expect(found.map((d) => [d.type, d.value])).toEqual([
      ['CREDIT_CARD', '4111 1111 1111 1111'],
      ['PHONE', '+1 415 555 2671'],
      ['IP_ADDRESS', '192.168.0.1'],
    ]);
  });
});

describe('TokenVault.streamRestorer', () => {
  function vaultWith(values: [string, string][]): TokenVault {
    const vault = new TokenVault();
    for (const [type, value] of values) vault.placeholderFor(type, value);
    return vault;
  }

  it('restores a placeholder split across chunks', () => {
    const vault = vaultWith([['EMAIL', 'alice@example.com']]);
    const restorer = vault.streamRestorer();
    const out = ['Write to <EM', 'AIL_', '1', '> today'].map((d) => restorer.push(d)).join('') + restorer.flush();
    expect(out).toBe('Write to alice@example.com today');
  });

  it('does not hold back text that cannot become a placeholder', () => {
    const vault = vaultWith([['EMAIL', 'alice@example.com']]);
    const restorer = vault.streamRestorer();
    expect(restorer.push('if a < b')).toBe('if a < b');
    expect(restorer.push(' use <b')).toBe(' use <b');
    expect(restorer.push('>bold</b> <EMAIL_')).toBe('>bold</b> ');
    expect(restorer.push('2> ')).toBe('<EMAIL_2> ');
    expect(restorer.flush()).toBe('');
  });

  const fragment = fc.oneof(
    fc.constantFrom('<EMAIL_1>', '<PHONE_1>', '<EMAIL_2>', '<EMAIL_12>', '<IBAN_1>', '<CUSTOM_ID_3>'),
    fc.constantFrom('<', '>', '<b>', 'a < b', '<EMAIL_', '_1>', '<<EMAIL_1>>', '\n', '你好'),
    fc.string({ maxLength: 8 }),
  );

  it('gives the same text as restore() of the whole answer, however it is chunked, holding back little', () => {
    const vault = vaultWith([
      ['EMAIL', 'alice@example.com'],
      ['EMAIL', 'bob@example.org'],
      ['PHONE', '13812345678'],
      ['IBAN', 'DE89370400440532013000'],
    ]);
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), fc.array(fc.nat(400), { maxLength: 12 }), (parts, cuts) => {
        const whole = parts.join('');
        const points = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let at = 0;
        for (const p of [...points, whole.length]) {
          chunks.push(whole.slice(at, p));
          at = p;
        }
        const restorer = vault.streamRestorer();
        let out = '';
        let pushed = 0;
        for (const chunk of chunks) {
          out += restorer.push(chunk);
          pushed += chunk.length;
          // What went out is the restored input but for a held-back tail shorter than the
          // longest placeholder (`<EMAIL_2>`: 9 characters).
          const held = [0, 1, 2, 3, 4, 5, 6, 7, 8].find(
            (h) => h <= pushed && vault.restore(whole.slice(0, pushed - h)) === out,
          );
          expect(held).toBeDefined();
        }
        out += restorer.flush();
        expect(out).toBe(vault.restore(whole));
      }),
      { numRuns: 500 },
    );
  });
});
