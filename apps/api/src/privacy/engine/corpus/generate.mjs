/**
 * Writes pii-corpus.jsonl: labelled samples for the redaction engine, English and Chinese, with
 * true positives of every built-in type in realistic sentences and near-miss negatives.
 * Seeded and deterministic: the same script writes the same file. Offsets are computed while the
 * text is assembled (never typed by hand): each sample is a list of pieces, plain strings or
 * `[TYPE, value]`, and the entity spans are where the values land.
 *
 * Valid values are built from their definitions (Luhn, mod-97, GB 11643 check digit, numbering
 * plans), not with the engine's validators, so the corpus checks the engine rather than echo it.
 *
 *   node apps/api/src/privacy/engine/corpus/generate.mjs
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED = 17;
const POSITIVES = 360;
const NEGATIVES = 200;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = (list) => list[Math.floor(random() * list.length)];
const digits = (n) => Array.from({ length: n }, () => int(0, 9)).join('');
const letters = (n) => Array.from({ length: n }, () => String.fromCharCode(65 + int(0, 25))).join('');
const groups = (s, sizes, sep) => {
  const out = [];
  let at = 0;
  for (const size of sizes) {
    out.push(s.slice(at, at + size));
    at += size;
  }
  if (at < s.length) out.push(s.slice(at));
  return out.filter(Boolean).join(sep);
};

// ---- values -------------------------------------------------------------------------------------

const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar'];
const LAST = ['smith', 'jones', 'miller', 'garcia', 'chen', 'wang', 'li', 'zhang', 'liu', 'nguyen', 'kim', 'brown'];
const PINYIN = ['zhang.san', 'li.si', 'wang.wu', 'zhao.liu', 'chen.jing', 'liu.yang', 'huang.lei', 'zhou.min'];
const DOMAINS = [
  'example.com',
  'example.org',
  'mail.example.net',
  'example.cn',
  'corp.example.com.cn',
  'example.co.uk',
  'example.de',
  'university.example.edu',
];

function email() {
  const local = pick([
    () => `${pick(FIRST)}.${pick(LAST)}`,
    () => `${pick(FIRST)}${int(1, 99)}`,
    () => pick(PINYIN),
    () => `${pick(FIRST)}+${pick(['news', 'billing', 'test'])}`,
    () => `${pick(FIRST)}_${pick(LAST)}`,
    () => digits(int(6, 10)),
  ])();
  return `${local}@${pick(DOMAINS)}`;
}

const CN_MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '176',
  '177',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '198',
  '199',
];
const US_AREAS = ['212', '213', '312', '415', '617', '646', '202', '206', '305', '404', '512', '718'];

function usExchange() {
  for (;;) {
    const x = `${int(2, 9)}${digits(2)}`;
    if (x[1] !== '1' || x[2] !== '1') return x; // not N11
  }
}

function phone() {
  const cn = () => `${pick(CN_MOBILE_PREFIXES)}${digits(8)}`;
  return pick([
    () => cn(),
    () => cn(),
    () => groups(cn(), [3, 4, 4], ' '),
    () => groups(cn(), [3, 4, 4], '-'),
    () => `+86 ${groups(cn(), [3, 4, 4], ' ')}`,
    () => `+86${cn()}`,
    () => `0086 ${cn()}`,
    () => `+1 ${pick(US_AREAS)} ${usExchange()} ${digits(4)}`,
    () => `+1${pick(US_AREAS)}${usExchange()}${digits(4)}`,
    () => `(${pick(US_AREAS)}) ${usExchange()}-${digits(4)}`,
    () => `${pick(US_AREAS)}-${usExchange()}-${digits(4)}`,
    () => `${pick(US_AREAS)}.${usExchange()}.${digits(4)}`,
    () => `+44 20 7946 0${digits(3)}`,
    () => `020 7946 0${digits(3)}`,
    () => `07700 900${digits(3)}`,
    () => `+49 30 ${digits(8).replace(/^0/, '2')}`,
    () => `030 ${int(2, 9)}${digits(7)}`,
    () => `06 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
    () => `+33 6 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
    () => `010-${int(5, 8)}${digits(7)}`,
  ])();
}

function luhnCheckDigit(body) {
  let sum = 0;
  let double = true;
  for (let i = body.length - 1; i >= 0; i--) {
    let d = Number(body[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}

const CARD_KINDS = [
  { prefix: () => '4', length: 16, groups: [4, 4, 4, 4] },
  { prefix: () => '4', length: 13, groups: [4, 4, 4, 1] },
  { prefix: () => String(int(51, 55)), length: 16, groups: [4, 4, 4, 4] },
  { prefix: () => String(int(2221, 2720)), length: 16, groups: [4, 4, 4, 4] },
  { prefix: () => pick(['34', '37']), length: 15, groups: [4, 6, 5] },
  { prefix: () => pick(['6011', '65', String(int(644, 649))]), length: 16, groups: [4, 4, 4, 4] },
  { prefix: () => String(int(3528, 3589)), length: 16, groups: [4, 4, 4, 4] },
  { prefix: () => '62', length: 16, groups: [4, 4, 4, 4] },
  { prefix: () => '62', length: 19, groups: [4, 4, 4, 4, 3] },
];

function cardDigits(kind = pick(CARD_KINDS)) {
  const prefix = kind.prefix();
  const body = prefix + digits(kind.length - prefix.length - 1);
  return { kind, number: body + luhnCheckDigit(body) };
}

function card() {
  const { kind, number } = cardDigits();
  return pick([
    number,
    groups(number, kind.groups, ' '),
    groups(number, kind.groups, '-'),
    groups(number, kind.groups, ' '),
  ]);
}

/** Countries whose BBAN has no national check digit of its own, with their BBAN shapes. */
const IBAN_BBANS = {
  DE: () => digits(18),
  GB: () => letters(4) + digits(14),
  CH: () => digits(17),
  AT: () => digits(16),
  IE: () => letters(4) + digits(14),
  NL: () => letters(4) + digits(10),
  IT: () => letters(1) + digits(22),
  LU: () => digits(16),
  DK: () => digits(14),
  SE: () => digits(20),
  AE: () => digits(19),
};

function mod97(s) {
  let r = 0;
  for (const ch of s) {
    const v = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) r = (r * 10 + Number(d)) % 97;
  }
  return r;
}

function ibanCompact(country = pick(Object.keys(IBAN_BBANS)), wrongCheck = false) {
  const bban = IBAN_BBANS[country]();
  let check = 98 - mod97(`${bban}${country}00`);
  if (wrongCheck) check = ((check - 2 + int(1, 96)) % 97) + 2; // any other 2–98
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

function iban(wrongCheck = false) {
  const compact = ibanCompact(undefined, wrongCheck);
  return random() < 0.6 ? compact.replace(/(.{4})(?=.)/g, '$1 ') : compact;
}

function ipv4() {
  return pick([
    () => `192.168.${int(0, 255)}.${int(1, 254)}`,
    () => `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
    () => `${int(11, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
    () => `172.${int(16, 31)}.${int(0, 255)}.${int(1, 254)}`,
  ])();
}

const hex4 = () => int(1, 0xffff).toString(16);
function ipv6() {
  return pick([
    () => Array.from({ length: 8 }, hex4).join(':'),
    () => `2001:db8::${hex4()}:${hex4()}`,
    () => `fe80::${hex4()}:${hex4()}:${hex4()}:${hex4()}`,
    () => `2001:0db8:85a3:0000:0000:8a2e:0370:${int(0x1000, 0xffff).toString(16)}`,
    () => `::ffff:${ipv4()}`,
    () => `2400:cb00:${hex4()}::${hex4()}`,
  ])();
}

const ip = () => (random() < 0.6 ? ipv4() : ipv6());

const REGIONS = [
  '110101',
  '110105',
  '120101',
  '310104',
  '310115',
  '320102',
  '330106',
  '440106',
  '440305',
  '510107',
  '420106',
  '610113',
  '500103',
  '210102',
  '350203',
];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheck = (body) => '10X98765432'[[...body].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i], 0) % 11];
const pad2 = (n) => String(n).padStart(2, '0');
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function residentIdBody(date) {
  const y = date?.y ?? int(1950, 2005);
  const m = date?.m ?? int(1, 12);
  const d = date?.d ?? int(1, daysIn(y, m));
  return `${pick(REGIONS)}${y}${pad2(m)}${pad2(d)}${digits(3)}`;
}

function residentId() {
  const body = residentIdBody();
  return body + idCheck(body);
}

const VALUES = {
  EMAIL: email,
  PHONE: phone,
  CREDIT_CARD: card,
  IBAN: () => iban(),
  IP_ADDRESS: ip,
  CN_RESIDENT_ID: residentId,
};

// ---- near misses --------------------------------------------------------------------------------

const NEAR_MISSES = [
  () => {
    // A 16-digit number in a card's range whose last digit breaks the Luhn check.
    const { kind, number } = cardDigits(CARD_KINDS[0]);
    const bad = number.slice(0, -1) + String((Number(number.at(-1)) + int(1, 9)) % 10);
    return random() < 0.5 ? bad : groups(bad, kind.groups, ' ');
  },
  () => `1Z${letters(3)}${digits(3)}${digits(10)}`, // UPS tracking
  () => `9400 1000 0000 ${digits(4)} ${digits(4)} ${digits(2)}`, // USPS tracking (22 digits)
  () => digits(12).replace(/^0/, '7'), // FedEx-like tracking
  () => {
    const body = residentIdBody();
    const right = idCheck(body);
    const wrong = '0123456789X'.replace(right, '')[int(0, 9)];
    return body + wrong;
  },
  () => {
    const body = residentIdBody({ y: int(1960, 2000), m: 2, d: 30 });
    return body + idCheck(body);
  },
  () => {
    const body = residentIdBody({ y: int(1970, 1999), m: pick([4, 6, 9, 11]), d: 31 });
    return body + idCheck(body);
  },
  () => {
    const body = residentIdBody({ y: int(2090, 2099), m: int(1, 12), d: int(1, 28) });
    return body + idCheck(body);
  },
  () => `${int(1, 9)}.${int(0, 20)}.${int(0, 30)}.${int(0, 99)}.${int(0, 9)}`, // version with five parts
  () => `v${int(1, 9)}.${int(0, 20)}.${int(0, 30)}.${int(0, 999)}`,
  () => `${int(256, 999)}.${int(0, 255)}.${int(0, 255)}.${int(0, 255)}`, // octet out of range
  () => `ORD-${int(2020, 2026)}${pad2(int(1, 12))}${pad2(int(1, 28))}-${digits(4)}`,
  () => `#${int(1, 9)}${digits(9)}`,
  () => `SO${digits(11)}`,
  () => `${int(2020, 2026)}${pad2(int(1, 12))}${pad2(int(1, 28))}${digits(7)}`, // 15-digit order number
  () =>
    `${int(2020, 2026)}-${pad2(int(1, 12))}-${pad2(int(1, 28))} ${pad2(int(0, 23))}:${pad2(int(0, 59))}:${pad2(int(0, 59))}`,
  () => `${pad2(int(1, 28))}.${pad2(int(1, 12))}.${int(2020, 2026)}`,
  () => `${int(2020, 2026)}/${pad2(int(1, 12))}/${pad2(int(1, 28))}`,
  () => String(int(1600000000, 1800000000)) + digits(3), // epoch milliseconds
  () => `$${int(1, 99)},${digits(3)}.${digits(2)}`,
  () => `¥${int(1, 99)},${digits(3)}.00`,
  () => `€ ${int(100, 9999)},${digits(2)}`,
  () => `${pick(['1', '2'])}${pick(['0', '1', '2'])}${digits(9)}`, // 11 digits not starting 1[3-9]
  () => `${pick(CN_MOBILE_PREFIXES)}${digits(8)}${digits(int(2, 5))}`, // mobile-like inside a longer run
  () => {
    const compact = iban(true);
    return compact;
  },
  () => `logo@2x.png`,
  () => `user@localhost`,
  () => `@${pick(FIRST)}`,
  () => Array.from({ length: 6 }, () => pad2(int(0, 255).toString(16)).toUpperCase()).join(':'), // MAC address
  () => `${pad2(int(0, 23))}:${pad2(int(0, 59))}:${pad2(int(0, 59))}`,
  () => `ISBN 978-${int(0, 9)}-${digits(3)}-${digits(5)}-${int(0, 9)}`,
];

// ---- sentences ----------------------------------------------------------------------------------

const EN = {
  EMAIL: [
    'Please send the invoice to {} before Friday.',
    'You can reach me at {} if anything changes.',
    'Her work address is {}; cc the team.',
  ],
  PHONE: ['Call me on {} after 6pm.', 'The customer left a callback number: {}.', 'Phone: {} (mobile)'],
  CREDIT_CARD: [
    'The card on file is {} and it expires 09/28.',
    'Charge {} for the renewal.',
    'He read out his card number, {}, over the phone.',
  ],
  IBAN: ['Wire the deposit to IBAN {} by Monday.', 'Our bank details: {} (Sparkasse).', 'Refund to account {} please.'],
  IP_ADDRESS: [
    'Login attempts came from {} last night.',
    'The server at {} stopped answering pings.',
    'Whitelist {} in the firewall.',
  ],
  CN_RESIDENT_ID: [
    'The applicant gave ID number {} on the form.',
    'Resident ID: {}',
    'Verify identity card {} against the register.',
  ],
};
const ZH = {
  EMAIL: ['请把合同发到{}，谢谢。', '邮箱：{}。', '有问题请联系{}'],
  PHONE: ['联系我{}谢谢', '我的手机号是{}，请回电。', '客服电话：{}（工作日）'],
  CREDIT_CARD: ['信用卡号{}，有效期到明年。', '请用尾号那张卡{}付款。', '卡号：{}'],
  IBAN: ['请汇款到{}账户。', '收款账号（IBAN）：{}', '退款请转到{}。'],
  IP_ADDRESS: ['登录IP是{}，请核实。', '服务器地址：{}', '来自{}的请求被拦截了。'],
  CN_RESIDENT_ID: ['身份证号{}，请核对。', '申请人身份证：{}', '他的身份证号码是{}。'],
};
const NEGATIVE_EN = [
  'Order {} shipped yesterday.',
  'Build {} passed all checks.',
  'The total came to {} including tax.',
  'Tracking number {} shows it in transit.',
  'Reference {} was closed.',
  'Logged at {} by the scheduler.',
  'Please quote {} when you write back.',
  'See asset {} in the design folder.',
];
const NEGATIVE_ZH = [
  '订单号{}已发货。',
  '版本{}已经发布。',
  '金额：{}，含税。',
  '快递单号{}正在派送。',
  '时间戳{}',
  '参考编号：{}',
  '工单{}已关闭。',
];
const FILLERS_EN = [
  'Thanks!',
  'Let me know.',
  'Regards, the support team.',
  'This is urgent.',
  'See the attached notes.',
];
const FILLERS_ZH = ['谢谢！', '麻烦尽快处理。', '如有疑问请回复。', '祝好。', '详见附件。'];

/** A sentence template with `{}` filled by `piece` (a string or a `[type, value]` pair). */
function fill(template, piece) {
  const [before, after] = template.split('{}');
  return [before, piece, after];
}

const samples = [];

function emit(pieces) {
  let text = '';
  const entities = [];
  for (const piece of flatten(pieces)) {
    if (typeof piece === 'string') {
      text += piece;
    } else {
      entities.push({ type: piece.type, start: text.length, end: text.length + piece.value.length });
      text += piece.value;
    }
  }
  samples.push({ text, entities });
}

function flatten(pieces) {
  const out = [];
  for (const p of pieces) {
    if (Array.isArray(p)) out.push(...flatten(p));
    else out.push(p);
  }
  return out;
}

const entity = (type) => ({ type, value: VALUES[type]() });
const TYPES = Object.keys(VALUES);

for (let i = 0; i < POSITIVES; i++) {
  const chinese = i % 2 === 1;
  const table = chinese ? ZH : EN;
  const count = pick([1, 1, 1, 2, 2, 3]);
  const pieces = [];
  for (let k = 0; k < count; k++) {
    const type = k === 0 ? TYPES[i % TYPES.length] : pick(TYPES);
    if (k > 0) pieces.push(chinese ? '' : ' ');
    pieces.push(...fill(pick(table[type]), entity(type)));
  }
  if (random() < 0.35)
    pieces.push(
      chinese ? '' : ' ',
      chinese
        ? pick(NEGATIVE_ZH).replace('{}', pick(NEAR_MISSES)())
        : pick(NEGATIVE_EN).replace('{}', pick(NEAR_MISSES)()),
    );
  if (random() < 0.4) pieces.push(chinese ? pick(FILLERS_ZH) : ` ${pick(FILLERS_EN)}`);
  emit(flatten(pieces));
}

for (let i = 0; i < NEGATIVES; i++) {
  const chinese = i % 2 === 1;
  const nearMiss = NEAR_MISSES[i % NEAR_MISSES.length]();
  const sentence = (chinese ? pick(NEGATIVE_ZH) : pick(NEGATIVE_EN)).replace('{}', nearMiss);
  emit([sentence, random() < 0.3 ? (chinese ? pick(FILLERS_ZH) : ` ${pick(FILLERS_EN)}`) : '']);
}

// ---- hand-written tricky samples (values located by search, offsets computed) ------------------

const HAND = [
  ['联系我13812345678谢谢', [['PHONE', '13812345678']]],
  ['邮箱：zhang.san@example.cn。', [['EMAIL', 'zhang.san@example.cn']]],
  [
    '电话13912345678或者邮箱li.si@example.com都可以',
    [
      ['PHONE', '13912345678'],
      ['EMAIL', 'li.si@example.com'],
    ],
  ],
  [
    'Card 4111 1111 1111 1111, phone +1 415 555 2671.',
    [
      ['CREDIT_CARD', '4111 1111 1111 1111'],
      ['PHONE', '+1 415 555 2671'],
    ],
  ],
  [
    'E.164: +8613812345678; national: 138-1234-5678.',
    [
      ['PHONE', '+8613812345678'],
      ['PHONE', '138-1234-5678'],
    ],
  ],
  ['IBAN DE89 3704 0044 0532 0130 00 (EUR)', [['IBAN', 'DE89 3704 0044 0532 0130 00']]],
  ['GB82WEST12345698765432 is the old account.', [['IBAN', 'GB82WEST12345698765432']]],
  ['Wrong check: DE88 3704 0044 0532 0130 00 must not match.', []],
  ['身份证11010519491231002X已登记。', [['CN_RESIDENT_ID', '11010519491231002X']]],
  ['Upgrade from 1.2.3.4.5 to 1.2.3.5.0 tonight.', []],
  ['version 10.0.19041.1 is installed', []],
  [
    'Ping 8.8.8.8 and 2001:4860:4860::8888 from 10.0.0.1.',
    [
      ['IP_ADDRESS', '8.8.8.8'],
      ['IP_ADDRESS', '2001:4860:4860::8888'],
      ['IP_ADDRESS', '10.0.0.1'],
    ],
  ],
  ['Mapped address ::ffff:192.0.2.128 seen in the logs.', [['IP_ADDRESS', '::ffff:192.0.2.128']]],
  ['Timestamps like 2024-01-15 13:45:12 and 12:30:45 are not addresses.', []],
  ['Order 20240115138123456789 ships today.', []],
  ['Number 12345678901 is not a mobile number.', []],
  ['The run id 4111111111111112 fails Luhn.', []],
  ['Prices: $1,299.00, ¥13,800, €15,50.', []],
  ['MAC 00:1A:2B:3C:4D:5E on eth0.', []],
  ['Retina assets: icon@2x.png, icon@3x.png.', []],
  ['Mail root@localhost or a@b for local tests.', []],
  ['The meeting is on 15.01.2024 at 09:30.', []],
  ['My Amex is 3782 822463 10005 and my UnionPay is 6212 3456 7890 1238.', [['CREDIT_CARD', '3782 822463 10005']]],
  [
    'Call +44 20 7946 0958 or 020 7946 0959 (London).',
    [
      ['PHONE', '+44 20 7946 0958'],
      ['PHONE', '020 7946 0959'],
    ],
  ],
  ['Berlin office: 030 12345678.', [['PHONE', '030 12345678']]],
  [
    '北京座机010-62345678，手机+86 139 1234 5678。',
    [
      ['PHONE', '010-62345678'],
      ['PHONE', '+86 139 1234 5678'],
    ],
  ],
  ['出生在2月30日的身份证11010519900230001X是假的。', []],
  ['发票号码：04400170011123456789', []],
  ['Contact: JOHN.DOE@EXAMPLE.COM', [['EMAIL', 'JOHN.DOE@EXAMPLE.COM']]],
  [
    '(415) 555-2671 is the front desk; 415.555.2672 the fax.',
    [
      ['PHONE', '(415) 555-2671'],
      ['PHONE', '415.555.2672'],
    ],
  ],
  // Known limits, labelled as a person would: the engine misses these (docs/privacy.md, "Known limits").
  ['Text me at 4155552671 tonight.', [['PHONE', '4155552671']]],
  ['Mijn nummer is 0612345678.', [['PHONE', '0612345678']]],
  ['邮箱：张三@例子.中国', [['EMAIL', '张三@例子.中国']]],
];

function handSample(text, labels) {
  const entities = [];
  let from = 0;
  for (const [type, value] of labels) {
    const start = text.indexOf(value, from);
    if (start < 0) throw new Error(`"${value}" not in "${text}"`);
    entities.push({ type, start, end: start + value.length });
    from = start + value.length;
  }
  return { text, entities };
}

for (const [text, labels] of HAND) samples.push(handSample(text, labels));

const out = join(dirname(fileURLToPath(import.meta.url)), 'pii-corpus.jsonl');
writeFileSync(out, samples.map((s) => JSON.stringify(s)).join('\n') + '\n');
console.log(`${samples.length} samples → ${out}`);
