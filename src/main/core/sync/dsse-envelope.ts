import { z } from 'zod';

/**
 * A DSSE envelope as Concordat's sync formats carry it, parsed strictly: exactly these fields
 * (an `alg` or any other addition is refused, since the algorithm comes from the pinned key),
 * bounded sizes, and at most a few signatures.
 */
export function strictEnvelopeSchema(maxPayloadChars: number) {
  return z
    .object({
      payloadType: z.string().max(200),
      payload: z.string().max(maxPayloadChars),
      signatures: z
        .array(z.object({ keyid: z.string().max(100), sig: z.string().max(200) }).strict())
        .max(8),
    })
    .strict();
}
