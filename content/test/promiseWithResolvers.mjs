// Loaded with `node --import` into the js-ipfs daemon: its libp2p calls Promise.withResolvers,
// which Node 20 lacks (content/src/installPolyfills.ts does the same for our own code).
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve
    let reject
    const promise = new Promise((res, rej) => {
      resolve = res
      reject = rej
    })
    return { promise, resolve, reject }
  }
}
