import { PassThrough, Readable } from 'node:stream';
import { limitBytes } from './streamed-upload';

async function drain(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk;
  return text;
}

describe('limitBytes', () => {
  const tooLarge = () => new Error('too large');

  it('passes a body within the limit through unchanged', async () => {
    expect(await drain(limitBytes(Readable.from([Buffer.from('abc'), Buffer.from('de')]), 5, tooLarge))).toBe('abcde');
  });

  it('fails once the body passes the limit, without destroying the request', async () => {
    const body = new PassThrough();
    const limited = limitBytes(body, 5, tooLarge);
    body.write('abc');
    body.write('def');
    await expect(drain(limited)).rejects.toThrow('too large');
    expect(body.destroyed).toBe(false);
  });

  it('fails when the client goes away before the end, so half a file is never imported', async () => {
    const body = new PassThrough();
    const limited = limitBytes(body, 100, tooLarge);
    body.write('half a fi');
    setImmediate(() => body.destroy());
    await expect(drain(limited)).rejects.toThrow('interrupted');
  });
});
