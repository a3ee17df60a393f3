/** One server-sent event: its name (`message` when unnamed) and its data parsed as JSON. */
export interface ServerSentEvent {
  event: string;
  data: unknown;
}

/**
 * The events of a `text/event-stream` body, in order, as they arrive. The generated client
 * cannot read a stream, so the console's streaming calls read theirs with this. Returning early
 * (a `break`) cancels the body.
 */
export async function* readServerSentEvents(body: ReadableStream<BufferSource>): AsyncGenerator<ServerSentEvent> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length > 0) yield { event, data: JSON.parse(data.join('\n')) as unknown };
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
