import { connect, Socket } from 'node:net';
import { apiKey, deployedPrompt } from './factories/serving.factory';
import { startApp, TestApp } from './harness';

describe('slow clients are cut off', () => {
  let t: TestApp;
  let port: number;
  let name: string;
  let key: string;

  beforeAll(async () => {
    t = await startApp({ REQUEST_TIMEOUT_MS: '1500', HEADERS_TIMEOUT_MS: '1000' });
    await t.app.listen(0, '127.0.0.1');
    port = Number(new URL((await t.app.getUrl()).replace('[::1]', '127.0.0.1')).port);
    name = await deployedPrompt(t, { template: 'Hi {{ who }}', variablesMeta: [] });
    key = await apiKey(t, ['render']);
  });
  afterAll(() => t.close());

  /**
   * Sends `head` at once, then one byte of `body` every `everyMs`, and resolves with all the
   * server wrote once it closes the connection (or after 10 s).
   */
  function trickle(head: string, body: string, everyMs: number): Promise<{ answer: string; afterMs: number }> {
    return new Promise((resolve) => {
      const started = Date.now();
      const socket: Socket = connect(port, '127.0.0.1');
      let answer = '';
      let sent = 0;
      const timer = setInterval(() => {
        if (sent < body.length && socket.writable) socket.write(body[sent++]);
      }, everyMs);
      const done = () => {
        clearInterval(timer);
        clearTimeout(giveUp);
        socket.destroy();
        resolve({ answer, afterMs: Date.now() - started });
      };
      const giveUp = setTimeout(done, 10_000);
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.on('close', done);
      socket.on('error', done);
      socket.write(head);
    });
  }

  function expectTimeoutProblem(answer: string) {
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    const problem = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(problem).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
  }

  it('answers 408 and closes a connection whose body trickles in a byte at a time', async () => {
    const body = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(40) });
    const { answer, afterMs } = await trickle(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${body.length}\r\n\r\n`,
      body,
      300,
    );
    expectTimeoutProblem(answer);
    expect(afterMs).toBeLessThan(5000);
  });

  it('does the same for an API-key render taken by the serving fast path', async () => {
    const body = JSON.stringify({ variables: { who: 'x'.repeat(40) } });
    const { answer, afterMs } = await trickle(
      `POST /api/v1/prompts/${name}/render HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
        `X-API-Key: ${key}\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
      300,
    );
    expectTimeoutProblem(answer);
    expect(afterMs).toBeLessThan(5000);
  });

  it('closes a connection whose headers never end', async () => {
    const { answer, afterMs } = await trickle(
      'GET /api/health HTTP/1.1\r\nHost: localhost\r\n',
      'X-Slow: abcdefghijklmnopqrstuvwxyz',
      300,
    );
    expectTimeoutProblem(answer);
    expect(afterMs).toBeLessThan(5000);
  });

  it('keeps answering clients that send in time', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/prompts/${name}/render`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ variables: { who: 'Ann' } }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ text: 'Hi Ann' });
  });
});
