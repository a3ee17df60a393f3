/** One server-sent event: its name and its data (the `data:` lines joined). */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/** No event of the API comes near this; past it the stream is broken or hostile, not slow. */
const MAX_EVENT_CHARS = 1024 * 1024;

/**
 * The events of a `text/event-stream` body, as they arrive (fetch streaming: no EventSource,
 * so it works in Node 18+, browsers and edge runtimes alike). Comment lines are reported as
 * activity through `onBytes`, for a heartbeat watchdog.
 */
export async function* readEvents(
  body: ReadableStream<Uint8Array>,
  onBytes?: () => void,
): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      onBytes?.();
      buffered += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const parsed = parseBlock(block);
        if (parsed) yield parsed;
      }
      if (buffered.length > MAX_EVENT_CHARS) throw new Error(`an event larger than ${MAX_EVENT_CHARS} characters`);
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

function parseBlock(block: string): ServerSentEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? { event, data: data.join('\n') } : null;
}
