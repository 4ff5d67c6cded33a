import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// DAPP_PORT is the dev/preview port (the launcher and tests set it); the app's own settings are
// VITE_* variables read in src/config.ts.
function port(): number {
  const text = process.env.DAPP_PORT?.trim() || '5173'
  const value = Number(text)
  if (!/^\d+$/.test(text) || value < 1 || value > 65_535) {
    throw new Error(`DAPP_PORT must be a TCP port (1-65535), got "${text}"`)
  }
  return value
}

export default defineConfig({
  plugins: [react()],
  // Loopback only, and fail instead of silently moving to another port the launcher does not know.
  server: { host: '127.0.0.1', port: port(), strictPort: true },
  preview: { host: '127.0.0.1', port: port(), strictPort: true },
  build: { target: 'es2022', chunkSizeWarningLimit: 2_000 },
})
