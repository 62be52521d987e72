// A body's UTF-8 bytes for the JSON readers (incremental-json.ts): decoded as they come,
// or held as they came and decoded when their text is needed, by one TextDecoder in
// stream mode, so that the text is the same however the bytes were cut and held. A
// look at the end alone (`lastText`) decodes only those bytes, on their own.

const NO_BYTES = new Uint8Array(0);

/**
 * A body's UTF-8 bytes, decoded by one TextDecoder as a stream (the same text however the
 * bytes are split): a chunk at once (`decodeNow`), or held back and decoded in order when
 * asked (`decodeHeld`, `decodeAll` once all are in), each piece of text going to `push`.
 */
export function heldBytes(push: (text: string) => void) {
  const decoder = new TextDecoder();
  let chunks: Uint8Array[] = [];
  let length = 0;
  let ended = false;
  const decodeHeld = () => {
    const held = chunks;
    chunks = [];
    length = 0;
    // Each chunk let go once decoded: a body's bytes and its whole text are not both kept.
    for (let i = 0; i < held.length; i++) {
      const chunk = held[i]!;
      held[i] = NO_BYTES;
      push(decoder.decode(chunk, { stream: true }));
    }
  };
  return {
    /** How many bytes are held. */
    length: () => length,
    decodeHeld,
    hold(chunk: Uint8Array) {
      chunks.push(chunk);
      length += chunk.byteLength;
    },
    /** The text of `chunk`, decoded now (after any bytes held before it, which are pushed first). */
    decodeNow(chunk: Uint8Array): string {
      if (length > 0) decodeHeld();
      return decoder.decode(chunk, { stream: true });
    },
    /** Every byte is in: decodes the held ones, then the decoder's last (an unfinished character). */
    decodeAll() {
      if (ended) return;
      decodeHeld();
      ended = true;
      const last = decoder.decode();
      if (last !== '') push(last);
    },
    /**
     * The text of about the last `count` held bytes, from the first that starts a character:
     * decoded on their own, for a look at the end (the bytes stay held).
     */
    lastText(count: number): string {
      const out = new Uint8Array(Math.min(count, length));
      let end = out.length;
      for (let i = chunks.length - 1; i >= 0 && end > 0; i--) {
        const chunk = chunks[i]!;
        const take = Math.min(chunk.byteLength, end);
        out.set(chunk.subarray(chunk.byteLength - take), end - take);
        end -= take;
      }
      let start = 0;
      // UTF-8 continuation bytes (10xxxxxx) end a character begun before the cut.
      while (start < 3 && start < out.length && (out[start]! & 0xc0) === 0x80) start++;
      return new TextDecoder('utf-8', { ignoreBOM: true }).decode(out.subarray(start));
    },
  };
}
