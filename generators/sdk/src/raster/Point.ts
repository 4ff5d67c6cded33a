/** A 2-D point in pixel coordinates: pixel (x, y) covers [x, x+1) x [y, y+1), centre at +0.5. */
export type Point = readonly [number, number]
