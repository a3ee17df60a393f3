import { isPastSunset, RetirementNotice, retirementHeaders } from './retirement-notice';

const notice = (overrides: Partial<RetirementNotice> = {}): RetirementNotice => ({
  prompt: 'welcome-email',
  deprecatedAt: Date.UTC(2026, 11, 3, 6, 30, 15, 999),
  sunsetAt: Date.UTC(2027, 0, 31),
  successor: 'welcome-email-v2',
  afterSunset: 'gone',
  ...overrides,
});

describe('retirement headers', () => {
  it('writes Deprecation as an RFC 9745 date (@ and whole Unix seconds) and Sunset as an RFC 8594 HTTP-date', () => {
    expect(retirementHeaders(notice())).toEqual({
      deprecation: `@${Date.UTC(2026, 11, 3, 6, 30, 15) / 1000}`,
      sunset: 'Sun, 31 Jan 2027 00:00:00 GMT',
      link: '</api/v1/prompts/welcome-email-v2>; rel="successor-version"',
    });
  });

  it('leaves out what is not set, and names the prompt that answered instead', () => {
    expect(retirementHeaders(notice({ sunsetAt: null, successor: null }))).toEqual({
      deprecation: expect.stringMatching(/^@\d+$/),
    });
    expect(retirementHeaders(notice({ servedPrompt: 'welcome-email-v2' }))['x-promptops-served-prompt']).toBe(
      'welcome-email-v2',
    );
    expect(retirementHeaders(null)).toEqual({});
  });

  it('is past the sunset from the sunset instant on, never without a sunset', () => {
    const sunsetAt = Date.UTC(2027, 0, 31);
    expect(isPastSunset(notice(), sunsetAt - 1)).toBe(false);
    expect(isPastSunset(notice(), sunsetAt)).toBe(true);
    expect(isPastSunset(notice({ sunsetAt: null }), Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});
