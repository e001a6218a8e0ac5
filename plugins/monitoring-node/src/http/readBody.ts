/** Thrown by {@link readBody} when the answer exceeds the cap. */
export class BodyTooLargeError extends Error {
  readonly name = 'BodyTooLargeError';
}

/**
 * Reads a response body as text, at most `maxBytes` of it. The fetch's signal keeps covering
 * this read (undici errors the stream when it aborts), so a body dripping slower than the
 * timeout fails at the timeout; `abort` stops the transfer once the cap is crossed.
 */
export async function readBody(
  response: Response,
  maxBytes: number,
  abort: () => void,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    abort();
    throw new BodyTooLargeError(`${declared} bytes announced`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      abort();
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(`more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
