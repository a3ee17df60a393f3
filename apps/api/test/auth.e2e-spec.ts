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

  describe('ending sessions when access changes', () => {
    const PASSWORD = 'member-password-1';

    /** A new editor, signed in on two devices. */
    async function editorOnTwoDevices() {
      const email = `editor-${Math.random().toString(36).slice(2, 8)}@example.com`;
      const created = await t.http
        .post('/api/v1/users')
        .set(t.auth)
        .send({ email, name: 'Editor', role: 'editor', password: PASSWORD })
        .expect(201);
      const signIn = async (password = PASSWORD) => {
        const login = await t.http.post('/api/v1/auth/login').send({ email, password }).expect(200);
        return { Authorization: `Bearer ${login.body.accessToken}` };
      };
      return { id: created.body.id as number, email, signIn, laptop: await signIn(), phone: await signIn() };
    }

    it('signs a user out everywhere when they change their own password', async () => {
      const editor = await editorOnTwoDevices();
      await t.http
        .post('/api/v1/auth/password')
        .set(editor.laptop)
        .send({ currentPassword: PASSWORD, newPassword: 'a-new-password-2' })
        .expect(204);
      const stale = await t.http.get('/api/v1/auth/me').set(editor.phone).expect(401);
      expect(stale.body.detail).toContain('sign in again');
      await t.http.get('/api/v1/auth/me').set(editor.laptop).expect(401);
      await t.http
        .get('/api/v1/auth/me')
        .set(await editor.signIn('a-new-password-2'))
        .expect(200);
    });

    it('signs a user out everywhere when an admin resets their password', async () => {
      const editor = await editorOnTwoDevices();
      const reset = await t.http.post(`/api/v1/users/${editor.id}/reset-password`).set(t.auth).expect(200);
      await t.http.get('/api/v1/prompts').set(editor.laptop).expect(401);
      await t.http.get('/api/v1/prompts').set(editor.phone).expect(401);
      await t.http
        .get('/api/v1/prompts')
        .set(await editor.signIn(reset.body.temporaryPassword))
        .expect(200);
    });

    it('ends the sessions of a user whose role changes, so the old role cannot be used', async () => {
      const editor = await editorOnTwoDevices();
      await t.http.patch(`/api/v1/users/${editor.id}`).set(t.auth).send({ role: 'viewer' }).expect(200);
      await t.http.get('/api/v1/prompts').set(editor.laptop).expect(401);
      const me = await t.http
        .get('/api/v1/auth/me')
        .set(await editor.signIn())
        .expect(200);
      expect(me.body.role).toBe('viewer');
    });

    it('does not bring back old sessions when a disabled user is enabled again', async () => {
      const editor = await editorOnTwoDevices();
      await t.http.patch(`/api/v1/users/${editor.id}`).set(t.auth).send({ enabled: false }).expect(200);
      await t.http.patch(`/api/v1/users/${editor.id}`).set(t.auth).send({ enabled: true }).expect(200);
      await t.http.get('/api/v1/prompts').set(editor.phone).expect(401);
      await t.http
        .get('/api/v1/prompts')
        .set(await editor.signIn())
        .expect(200);
    });

    it('keeps sessions when only the name changes', async () => {
      const editor = await editorOnTwoDevices();
      await t.http.patch(`/api/v1/users/${editor.id}`).set(t.auth).send({ name: 'Renamed' }).expect(200);
      await t.http.get('/api/v1/prompts').set(editor.phone).expect(200);
    });
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
