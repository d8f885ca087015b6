/**
 * Reads a `text/event-stream` body and calls `onData` with the data of each complete event.
 * A hand-rolled reader instead of EventSource, because EventSource cannot send the
 * Authorization header browser mode requires.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onData: (data: string) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer = (buffer + decoder.decode(value, { stream: true })).replace(/\r\n/g, '\n');
      let boundary = buffer.indexOf('\n\n');
      while (boundary !== -1) {
        const data = dataOfEvent(buffer.slice(0, boundary));
        buffer = buffer.slice(boundary + 2);
        if (data !== null) onData(data);
        boundary = buffer.indexOf('\n\n');
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** Joins the `data:` lines of one event; comments (`: keep-alive`) and other fields are ignored. */
function dataOfEvent(block: string): string | null {
  const lines = block
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5));
  return lines.length > 0 ? lines.join('\n') : null;
}
