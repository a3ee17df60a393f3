import { readEvents } from './sse';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]) {
  const events = [];
  for await (const event of readEvents(streamOf(chunks))) events.push(event);
  return events;
}

describe('reading a server-sent event stream from fetch', () => {
  it('reassembles events split across chunks, in order', async () => {
    expect(
      await collect([
        'event: rea',
        'dy\ndata: {"prompts":null}\n',
        '\nevent: changed\ndata: {"a":1}\n\nevent: cha',
        'nged\ndata: {"a":2}\n\n',
      ]),
    ).toEqual([
      { event: 'ready', data: '{"prompts":null}' },
      { event: 'changed', data: '{"a":1}' },
      { event: 'changed', data: '{"a":2}' },
    ]);
  });

  it('skips comments (heartbeats), joins data lines and reads CRLF line ends', async () => {
    expect(await collect([': keep-alive\n\n', 'data: one\r\ndata: two\r\n\r\n', ': keep-alive\n\n'])).toEqual([
      { event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('drops an event the stream ended in the middle of', async () => {
    expect(await collect(['event: changed\ndata: {"a":1}\n\nevent: changed\ndata: {"a"'])).toEqual([
      { event: 'changed', data: '{"a":1}' },
    ]);
  });

  it('gives up on an event that never ends rather than buffering it without bound', async () => {
    const endless = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        controller.enqueue(new TextEncoder().encode(`data: ${'x'.repeat(64 * 1024)}\n`));
      },
    });
    const reading = (async () => {
      for await (const event of readEvents(endless)) void event;
    })();
    await expect(reading).rejects.toThrow('event larger than');
  });
});
