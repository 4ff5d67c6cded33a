import { useEffect, useRef, useState } from 'react'

/**
 * A ref and the width in CSS pixels of the element it is attached to, followed with a
 * ResizeObserver, so an SVG can draw at its real size (text stays legible on a phone instead of
 * being scaled down with a fixed viewBox). `fallback` until the first measurement.
 */
export function useElementWidth<T extends HTMLElement>(fallback: number) {
  const ref = useRef<T>(null)
  const [width, setWidth] = useState(fallback)
  useEffect(() => {
    const element = ref.current
    if (!element) return
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry.contentRect.width)))
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return { ref, width }
}
