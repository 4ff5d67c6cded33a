// Caps a GraphQL request's body before it is read into memory. hono's bodyLimit trusts a
// Content-Length (the server delivers no more than it says) and otherwise counts the bytes as they
// stream in, so a chunked upload is cut off at the limit instead of being buffered whole.
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'

/** Refuses bodies over `maxBytes` with 413 and a GraphQL-shaped error (`extensions.code: PAYLOAD_TOO_LARGE`). */
export function graphqlBodyLimit(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      c.json(
        {
          errors: [
            {
              message: `The request body is over ${maxBytes / 1024} KiB; send a smaller query.`,
              extensions: { code: 'PAYLOAD_TOO_LARGE' },
            },
          ],
        },
        413,
      ),
  })
}
