import { useEffect, useState } from 'react'

export const routes = ['sale', 'token'] as const
export type Route = (typeof routes)[number]

const parse = (hash: string): Route => {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0]
  return (routes as readonly string[]).includes(name) ? (name as Route) : 'sale'
}

/** The page named by the URL hash (#/sale, #/token); unknown hashes show the sale. */
export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parse(window.location.hash))
  useEffect(() => {
    const onChange = () => {
      setRoute(parse(window.location.hash))
      window.scrollTo({ top: 0 })
    }
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}
