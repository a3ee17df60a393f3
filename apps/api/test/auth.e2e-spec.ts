import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from './harness';

describe('signing in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD and signs them in', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .send({ email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD })
      .expect(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(res.body.user).toMatchObject({ email: ADMIN_EMAIL, role: 'admin' });
    const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body.email).toBe(ADMIN_EMAIL);
  });

  it('stores the password only as a scrypt hash', async () => {
    const [row] = await t.dataSource.query('SELECT password_hash FROM users WHERE email = ?', [ADMIN_EMAIL]);
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain(ADMIN_PASSWORD);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const wrong = await t.http
      .post('/api/v1/auth/login')
      .send({ email: ADMIN_EMAIL, password: 'nope-nope' })
      .expect(401);
    const unknown = await t.http
      .post('/api/v1/auth/login')
      .send({ email: 'ghost@example.com', password: 'nope-nope' })
      .expect(401);
    expect(wrong.body).toMatchObject({ code: 'INVALID_CREDENTIALS', detail: 'Email or password is incorrect' });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('validates the login body', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ email: 'not-an-email' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password']);
  });

  it('requires a bearer token on every /api/v1 route', async () => {
    for (const [method, path] of [
      ['get', '/api/v1/prompts'],
      ['post', '/api/v1/prompts'],
      ['get', '/api/v1/auth/me'],
      ['post', '/api/v1/templates/render'],
    ] as const) {
      const res = await t.http[method](path).send({});
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('refuses a forged or malformed token', async () => {
    const forged = t.adminToken.slice(0, -4) + 'AAAA';
    await t.http.get('/api/v1/prompts').set('Authorization', `Bearer ${forged}`).expect(401);
    const res = await t.http.get('/api/v1/prompts').set('Authorization', 'Basic abc').expect(401);
    expect(res.body.detail).toContain('Bearer');
  });

  it('stops a disabled user at once, even with a valid token', async () => {
    await t.dataSource.query('UPDATE users SET enabled = ? WHERE email = ?', [0, ADMIN_EMAIL]);
    try {
      await t.http.get('/api/v1/prompts').set(t.auth).expect(401);
    } finally {
      await t.dataSource.query('UPDATE users SET enabled = ? WHERE email = ?', [1, ADMIN_EMAIL]);
    }
    await t.http.get('/api/v1/prompts').set(t.auth).expect(200);
  });
});
