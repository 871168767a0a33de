/** Reads fixed-size raw video frames from a byte stream (an ffmpeg pipe), one fresh buffer per frame. */
import type { Readable } from 'node:stream';

/**
 * Yields consecutive `frameBytes`-long frames from `stream`; a trailing partial frame is an error.
 * @throws Error when the stream ends inside a frame.
 */
export async function* readFrames(stream: Readable, frameBytes: number): AsyncGenerator<Buffer> {
  let frame = Buffer.allocUnsafe(frameBytes);
  let filled = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(frameBytes - filled, chunk.length - offset);
      chunk.copy(frame, filled, offset, offset + n);
      filled += n;
      offset += n;
      if (filled === frameBytes) {
        yield frame;
        frame = Buffer.allocUnsafe(frameBytes);
        filled = 0;
      }
    }
  }
  if (filled !== 0) throw new Error(`stream ended inside a frame (${filled} of ${frameBytes} bytes)`);
}
