import { createKuboStore } from './src/createKuboStore.ts'
const s = createKuboStore({ rpcUrl: 'http://127.0.0.1:40617' })
const t = () => performance.now(); let t0 = t()
console.log('has', await s.has('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'), (t()-t0)|0); t0=t()
try { await s.get('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy', { timeoutMs: 1000 }) } catch (e) { console.log('missing', e.code, (t()-t0)|0) }
const r = await fetch('http://127.0.0.1:40617/api/v0/block/stat?arg=bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy&offline=true', { method: 'POST', signal: AbortSignal.timeout(3000) }).then(r => r.status + ' ' + r.statusText).catch(e => e.name); console.log(r, (t()-t0)|0)
