import { connect, createServer } from 'node:net'

function listens(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host })
    const done = (result: boolean) => {
      socket.destroy()
      resolve(result)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

function bindable(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)))
  })
}

/**
 * True when something holds `port` on loopback: it accepts connections on 127.0.0.1 or ::1
 * (dev servers that bind "localhost" may take only ::1), or 127.0.0.1:port cannot be bound.
 */
export async function portInUse(port: number): Promise<boolean> {
  const [v4, v6, free] = await Promise.all([listens(port, '127.0.0.1'), listens(port, '::1'), bindable(port, '127.0.0.1')])
  return v4 || v6 || !free
}
