import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from './harness';

/** Who signs in from where: the address sign-in throttling and the audit log rely on. */
describe('client addresses, sign-in throttling and forwarded headers', () => {
  const login = (t: TestApp, email: string, password: string, forwardedFor?: string) => {
    const req = t.http.post('/api/v1/auth/login');
    if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
    return req.send({ email, password });
  };
  const auditAddresses = async (t: TestApp, action: string, targetId: string) => {
    const res = await t.http.get('/api/v1/audit').query({ action, targetId }).set(t.auth).expect(200);
    return res.body.items.map((e: { ip: string }) => e.ip) as string[];
  };

  describe('reached directly (TRUST_PROXY unset)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startApp();
    });
    afterAll(() => t.close());

    it('ignores a forged X-Forwarded-For: it neither escapes the throttle nor reaches the audit log', async () => {
      const email = 'victim@example.com';
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        statuses.push((await login(t, email, `guess-${i}`, `203.0.113.${i + 1}`)).status);
      }
      expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
      const addresses = await auditAddresses(t, 'auth.login_failed', email);
      expect(addresses).toHaveLength(10);
      expect(addresses.filter((ip) => ip.includes('203.0.113.'))).toEqual([]);
    });

    it('limits how many sign-ins one address tries, over all accounts', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) {
        statuses.push((await login(t, `someone-${i}@example.com`, 'guess-password')).status);
      }
      // Including the 12 attempts above, this address has used up its 60 a minute.
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      const last = await login(t, 'one-more@example.com', 'guess-password').expect(429);
      expect(last.headers['retry-after']).toEqual(expect.any(String));
    });
  });

  describe('behind a proxy named in TRUST_PROXY', () => {
    let t: TestApp;
    beforeAll(async () => {
      // The test client plays the proxy: it connects from the loopback address.
      t = await startApp({ TRUST_PROXY: '127.0.0.1,::1,::ffff:127.0.0.1' });
    });
    afterAll(() => t.close());

    it('does not let an attacker guessing the admin password lock the admin out', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        statuses.push((await login(t, ADMIN_EMAIL, `guess-${i}`, '203.0.113.66')).status);
      }
      expect(statuses.slice(-2)).toEqual([429, 429]);
      await login(t, ADMIN_EMAIL, ADMIN_PASSWORD, '203.0.113.66').expect(429);

      await login(t, ADMIN_EMAIL, ADMIN_PASSWORD, '198.51.100.7').expect(200);
      const failures = await auditAddresses(t, 'auth.login_failed', ADMIN_EMAIL);
      expect(new Set(failures)).toEqual(new Set(['203.0.113.66']));
      const [latest] = await auditAddresses(
        t,
        'auth.login',
        String((await t.http.get('/api/v1/auth/me').set(t.auth)).body.id),
      );
      expect(latest).toBe('198.51.100.7');
    });
  });
});
