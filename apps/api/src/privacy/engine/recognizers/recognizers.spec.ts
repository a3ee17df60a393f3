import { detect, type RedactionPolicy } from '../redaction-engine';

const only = (type: string): RedactionPolicy => ({ entities: { [type]: 'mask' } });
const found = (type: string, text: string) => detect(text, only(type)).map((d) => d.value);

describe('EMAIL', () => {
  it.each([
    ['Please write to alice.smith@example.com today.', 'alice.smith@example.com'],
    ['邮箱：zhang.san@example.cn。', 'zhang.san@example.cn'],
    ['有问题请联系bob+billing@mail.example.net谢谢', 'bob+billing@mail.example.net'],
    ['JOHN.DOE@EXAMPLE.COM.', 'JOHN.DOE@EXAMPLE.COM'],
  ])('finds the address in %j', (text, value) => {
    expect(found('EMAIL', text)).toEqual([value]);
  });

  it.each(['user@localhost', 'a@b', 'icon@2x.png and bundle@1.2.3.js', '@alice said hi', 'a..b@example.com'])(
    'leaves %j alone',
    (text) => {
      expect(found('EMAIL', text)).toEqual([]);
    },
  );
});

describe('PHONE', () => {
  it.each([
    ['联系我13812345678谢谢', '13812345678'],
    ['手机 138 1234 5678。', '138 1234 5678'],
    ['手机：138-1234-5678', '138-1234-5678'],
    ['E.164 +8613812345678.', '+8613812345678'],
    ['call 0086 139 1234 5678 now', '0086 139 1234 5678'],
    ['US +1 415 555 2671 office', '+1 415 555 2671'],
    ['desk (415) 555-2671', '(415) 555-2671'],
    ['fax 415.555.2672', '415.555.2672'],
    ['London 020 7946 0958', '020 7946 0958'],
    ['Berlin: 030 12345678', '030 12345678'],
    ['Paris 06 12 34 56 78', '06 12 34 56 78'],
    ['北京010-62345678', '010-62345678'],
    ['+86 138 1234 5678 2 times', '+86 138 1234 5678'],
  ])('finds the number in %j', (text, value) => {
    expect(found('PHONE', text)).toEqual([value]);
  });

  it.each([
    'Order ORD-2024-0115-0042',
    'order 20240115138123456789',
    'date 2024-01-15 and 15.01.2024 and 2024/01/15',
    'eleven digits 12345678901',
    'inside a run 4413812345678901',
    'timestamp 1700000000123',
    'price $1,299.00',
    'SO13812345678',
    'IBAN DE89 3704 0044 0532 0130 01',
  ])('leaves %j alone', (text) => {
    expect(found('PHONE', text)).toEqual([]);
  });
});

describe('CREDIT_CARD', () => {
  it.each([
    ['Visa 4111 1111 1111 1111.', '4111 1111 1111 1111'],
    ['MC 5555-5555-5555-4444', '5555-5555-5555-4444'],
    ['MC 2-series 2223003122003222', '2223003122003222'],
    ['Amex 3782 822463 10005', '3782 822463 10005'],
    ['Discover 6011111111111117', '6011111111111117'],
    ['JCB 3530111333300000', '3530111333300000'],
    ['银联卡6250941006528599谢谢', '6250941006528599'],
  ])('finds the card in %j', (text, value) => {
    expect(found('CREDIT_CARD', text)).toEqual([value]);
  });

  it.each([
    'Luhn fails 4111 1111 1111 1112',
    'unknown issuer 9111111111111116',
    'tracking 1Z999AA10123456784',
    'USPS 9400 1000 0000 0000 0000 00',
    'mixed separators 4111 1111-1111 1111',
    'odd groups 41 11111 111111 111',
    'inside a run 44111111111111111',
  ])('leaves %j alone', (text) => {
    expect(found('CREDIT_CARD', text)).toEqual([]);
  });

  it('reports a card as a card, never as a phone number', () => {
    const all = detect('card 4111 1111 1111 1111', { entities: { PHONE: 'mask', CREDIT_CARD: 'mask' } });
    expect(all.map((d) => d.type)).toEqual(['CREDIT_CARD']);
    expect(detect('card 4111 1111 1111 1111', { entities: { PHONE: 'mask' } })).toEqual([]);
  });
});

describe('IBAN', () => {
  it.each([
    ['IBAN DE89 3704 0044 0532 0130 00 (EUR)', 'DE89 3704 0044 0532 0130 00'],
    ['GB82WEST12345698765432.', 'GB82WEST12345698765432'],
    ['收款账号：GB82 WEST 1234 5698 7654 32。', 'GB82 WEST 1234 5698 7654 32'],
    ['CH9300762011623852957 ok', 'CH9300762011623852957'],
  ])('finds the IBAN in %j', (text, value) => {
    expect(found('IBAN', text)).toEqual([value]);
  });

  it.each([
    'wrong check DE88 3704 0044 0532 0130 00',
    'wrong length DE89 3704 0044 0532 0130 0',
    'unknown country ZZ89370400440532013000',
    'inside a word XDE89370400440532013000',
  ])('leaves %j alone', (text) => {
    expect(found('IBAN', text)).toEqual([]);
  });
});

describe('IP_ADDRESS', () => {
  it.each([
    ['from 192.168.1.10.', ['192.168.1.10']],
    ['登录IP是10.0.0.1，请核实', ['10.0.0.1']],
    ['full 2001:0db8:85a3:0000:0000:8a2e:0370:7334 here', ['2001:0db8:85a3:0000:0000:8a2e:0370:7334']],
    ['compressed 2001:db8::8a2e:370:7334.', ['2001:db8::8a2e:370:7334']],
    ['mapped ::ffff:192.0.2.128 seen', ['::ffff:192.0.2.128']],
    ['link-local fe80::1ff:fe23:4567:890a', ['fe80::1ff:fe23:4567:890a']],
  ])('finds the address in %j', (text, values) => {
    expect(found('IP_ADDRESS', text)).toEqual(values);
  });

  it.each([
    'version string 1.2.3.4.5',
    'version 1.2.3.4',
    'v1.2.3.4',
    'octet 256.1.1.1',
    'leading zeros 01.02.03.04',
    'time 12:30:45',
    'MAC 00:1A:2B:3C:4D:5E',
    'C++ std::map',
  ])('leaves %j alone', (text) => {
    expect(found('IP_ADDRESS', text)).toEqual([]);
  });
});

describe('CN_RESIDENT_ID', () => {
  it.each([
    ['身份证11010519491231002X已登记', '11010519491231002X'],
    ['ID 11010519491231002x ok', '11010519491231002x'],
    ['申请人身份证：44030519900101123X', '44030519900101123X'],
    ['born on a leap day 310104200002294568.', '310104200002294568'],
    ['他的身份证号码是510107198510150030。', '510107198510150030'],
  ])('finds the number in %j', (text, value) => {
    expect(found('CN_RESIDENT_ID', text)).toEqual([value]);
  });

  it.each([
    'wrong check digit 110105194912310021',
    'February 30 11010519900230001X',
    'born in the future 110105209901010012',
    'born before 1900 110105189901010017',
    'region code 9: 910105194912310029',
    'inside a run 911010519491231002X',
  ])('leaves %j alone', (text) => {
    expect(found('CN_RESIDENT_ID', text)).toEqual([]);
  });

  it('reports an ID as an ID, never as a card or a phone number', () => {
    const all = detect('ID 44030519900101123X', {
      entities: { PHONE: 'mask', CREDIT_CARD: 'mask', CN_RESIDENT_ID: 'mask' },
    });
    expect(all.map((d) => d.type)).toEqual(['CN_RESIDENT_ID']);
  });
});
