// Helia 7 and libp2p 3 call Promise.withResolvers, which Node 20 lacks (it arrived in Node 22).
// Imported for its side effect before any of them, so their modules find it at load time.
type Resolvers<T> = { promise: Promise<T>; resolve: (value: T | PromiseLike<T>) => void; reject: (reason?: unknown) => void }

const PromiseWith = Promise as PromiseConstructor & { withResolvers?: <T>() => Resolvers<T> }
if (typeof PromiseWith.withResolvers !== 'function') {
  PromiseWith.withResolvers = function withResolvers<T>(): Resolvers<T> {
    let resolve!: Resolvers<T>['resolve']
    let reject!: Resolvers<T>['reject']
    const promise = new Promise<T>((res, rej) => {
      resolve = res
      reject = rej
    })
    return { promise, resolve, reject }
  }
}
