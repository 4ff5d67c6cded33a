import { cos, type Point, type Rng, sin } from '@neuromation/generator-sdk'

/**
 * A pen stroke: smooth pieces joined at sharp corners. Each piece is a list of skeleton points
 * that a Catmull-Rom spline passes through; consecutive pieces share their end/start point, so a
 * corner (the top-right of a 7, the cusp of a 3) stays sharp instead of being rounded away.
 */
export type Stroke = Point[][]

/** A glyph skeleton in glyph units: x roughly in [0, 1], y in [0, 1] downwards. */
export type Glyph = Stroke[]

const DEG = Math.PI / 180

/**
 * Points on an ellipse from angle a0 to a1 (degrees, 0 = right, 90 = down), about every 45
 * degrees: sparse enough that per-point jitter changes the oval's shape instead of making it wobble.
 */
function arc(cx: number, cy: number, rx: number, ry: number, a0: number, a1: number): Point[] {
  const n = Math.max(2, Math.ceil(Math.abs(a1 - a0) / 45))
  const out: Point[] = []
  for (let i = 0; i <= n; i++) {
    const a = (a0 + ((a1 - a0) * i) / n) * DEG
    out.push([cx + rx * cos(a), cy + ry * sin(a)])
  }
  return out
}

// One builder per class. Each draws a style (with the probabilities people write them in the
// NIST forms MNIST comes from) and continuous style parameters, so that two samples of the same
// style still differ in proportions before any jitter or warp is applied.

function zero(r: Rng): Glyph {
  const rx = r.range(0.26, 0.44)
  const start = -90 + r.range(-35, 35)
  const sweep = r.range(335, 385) // < 360: a gap at the closure; > 360: the pen overshoots
  const dir = r.bool(0.7) ? -1 : 1 // most writers go counter-clockwise
  const pts = arc(0.5, 0.5, rx, 0.5, start, start + dir * sweep)
  if (r.bool(0.15)) {
    // A pointed top: the stroke starts slightly above the ellipse, as with a quick flick.
    pts.unshift([pts[0][0] + r.range(-0.05, 0.05), pts[0][1] - r.range(0.02, 0.08)])
  }
  if (r.bool(0.15)) {
    // The pen runs on past the start and curls into the oval.
    pts.push([0.5 + r.range(-0.15, 0.15), r.range(0.15, 0.35)])
  }
  return [[pts]]
}

function one(r: Rng): Glyph {
  const lean = r.range(-0.06, 0.06)
  const stem: Point[] = [
    [0.5 + lean, 0],
    [0.5 + r.range(-0.03, 0.03), 0.5],
    [0.5 - lean, 1],
  ]
  const style = r.weighted([0.62, 0.28, 0.1])
  if (style === 0) return [[stem]]
  const flag: Point[] = [
    [0.5 + lean - r.range(0.12, 0.32), r.range(0.08, 0.28)],
    [0.5 + lean, 0],
  ]
  const glyph: Glyph = [[flag, stem]]
  if (style === 2) {
    const w = r.range(0.18, 0.32)
    glyph.push([
      [
        [0.5 - w, 1 + r.range(-0.02, 0.02)],
        [0.5 + w, 1 + r.range(-0.02, 0.02)],
      ],
    ])
  }
  return glyph
}

function two(r: Rng): Glyph {
  const xb = r.range(0.0, 0.18)
  const top: Point[] = [
    [r.range(0.05, 0.22), r.range(0.12, 0.35)],
    [0.3, r.range(0.02, 0.08)],
    [0.58, 0],
    [r.range(0.8, 0.92), r.range(0.12, 0.2)],
    [r.range(0.75, 0.9), r.range(0.33, 0.45)],
    [0.55, r.range(0.58, 0.66)],
    [0.28, 0.84],
  ]
  const baseEnd: Point = [r.range(0.82, 1.05), 1 + r.range(-0.06, 0.03)]
  const style = r.weighted([0.45, 0.25, 0.3])
  if (style === 2) {
    // The looped 2 of cursive hands, the slice's main 2 -> 8 and 2 -> 3 confusion: the diagonal
    // runs on past a crossing point C above the base into a closed loop at the bottom left,
    // turning clockwise (down, left, up, right), crosses itself at C heading down-right and
    // leaves along the base. The loop is 15-35% of the height, from round to flat and long.
    const h = r.range(0.15, 0.35)
    const w = Math.min(h * r.range(1.0, 2.4), 0.5)
    const bottom = 1 - r.range(0, 0.05)
    const loopTop = bottom - h
    const cx = r.range(0.42, 0.58)
    const cy = loopTop + h * r.range(0.3, 0.6)
    const left = cx - w
    const loop: Point[] = [
      [r.range(0.55, 0.7), cy - r.range(0.12, 0.2)],
      [cx, cy],
      [cx - 0.45 * w, bottom],
      [left, loopTop + h * r.range(0.5, 0.7)],
      [cx - 0.55 * w, loopTop],
      [cx - 0.1 * w, loopTop + 0.3 * h],
      [cx + 0.04, cy + 0.04],
      [cx + r.range(0.12, 0.22), bottom - r.range(0, 0.03)],
      baseEnd,
    ]
    return [[[...top.slice(0, 5), ...loop]]]
  }
  if (style === 1) {
    // The curly 2: the diagonal runs into a small curl before the base, from a small curl to
    // over a quarter of the digit's height (the big ones were the slice's main 2 -> 8 confusion
    // when this stopped at a fifth). Few and not too big: with 40% of loops up to a third of the
    // height, the model started reading real 8s as 2s.
    const s = r.bool(0.2) ? r.range(1.8, 2.5) : r.range(0.7, 1.8)
    const loop: Point[] = [
      [0.16, 0.93],
      [0.2, 1.0],
      [0.2 + 0.13 * s, 0.97],
      [0.2 + 0.1 * s, 1 - 0.12 * s],
      [0.12, 0.93],
      [0.25, 1.0],
      [0.55, 0.99],
      baseEnd,
    ]
    return [[[...top, ...loop]]]
  }
  return [
    [
      [...top, [xb, 1]],
      [[xb, 1], [0.5, 0.99 + r.range(-0.04, 0.04)], baseEnd],
    ],
  ]
}

function three(r: Rng): Glyph {
  const mx = r.range(0.3, 0.55)
  const my = r.range(0.42, 0.52)
  const lower: Point[] = [
    [mx, my],
    [r.range(0.75, 0.9), my + 0.12],
    [r.range(0.82, 0.95), 0.8],
    [0.55, 1],
    [r.range(0.05, 0.2), r.range(0.82, 0.95)],
  ]
  if (r.bool(0.2)) {
    // Flat-topped 3: a bar, then a diagonal down to the bowl.
    return [
      [
        [
          [0.12, 0],
          [0.85, 0],
        ],
        [
          [0.85, 0],
          [mx, my],
        ],
        lower,
      ],
    ]
  }
  const upper: Point[] = [
    [r.range(0.08, 0.2), r.range(0.1, 0.22)],
    [0.45, 0],
    [r.range(0.72, 0.85), 0.12],
    [r.range(0.7, 0.82), 0.32],
    [mx, my],
  ]
  // Half the writers turn sharply at the middle, the others round it off.
  if (r.bool(0.5)) return [[upper, lower]]
  return [[[...upper.slice(0, -1), [mx + 0.05, my - 0.01], ...lower.slice(1)]]]
}

function four(r: Rng): Glyph {
  const yb = r.range(0.55, 0.72)
  const xr = r.range(0.6, 0.78)
  if (r.bool(0.35)) {
    // Closed 4: the diagonal meets the stem at the top.
    const xl = r.range(0.0, 0.1)
    return [
      [
        [
          [xr, r.range(0, 0.05)],
          [xl, yb],
        ],
        [
          [xl, yb],
          [r.range(0.85, 1.0), yb + r.range(-0.04, 0.03)],
        ],
      ],
      [
        [
          [xr, 0],
          [xr + r.range(-0.06, 0.04), 1],
        ],
      ],
    ]
  }
  if (r.bool(0.3)) {
    // Open 4 with a slanted left stroke: it starts near the middle of the top and runs down-left
    // to the bar without meeting the stem (the slice's 4 -> 9 and 4 -> 7 confusions).
    const xl = r.range(0.0, 0.12)
    return [
      [
        [
          [r.range(0.3, 0.5), r.range(0, 0.08)],
          [xl, yb],
        ],
        [
          [xl, yb],
          [r.range(0.85, 1.0), yb + r.range(-0.06, 0.02)],
        ],
      ],
      [
        [
          [xr, r.range(0, 0.15)],
          [xr + r.range(-0.08, 0.04), 1],
        ],
      ],
    ]
  }
  const xl = r.range(0.05, 0.3)
  if (r.bool(0.35)) {
    // The y-like open 4: the left stroke rounds into a bar that stops at the stem, leaving an open
    // cup on top, like a 9 whose loop was never closed (the slice's 4 -> 9 errors, session 11).
    const lean = r.range(0, 0.1)
    return [
      [
        [
          [xl, 0],
          [xl - lean, yb - r.range(0.12, 0.2)],
          [xl - lean + r.range(0.05, 0.1), yb],
          [xr + r.range(-0.02, 0.08), yb - r.range(0, 0.06)],
        ],
      ],
      [
        [
          [xr, r.range(0, 0.12)],
          [xr + r.range(-0.08, 0.04), 1],
        ],
      ],
    ]
  }
  return [
    [
      [
        [xl, 0],
        [xl - r.range(0, 0.12), yb],
      ],
      [
        [xl - 0.06, yb],
        [0.5, yb + r.range(-0.04, 0.02)],
        [r.range(0.85, 1.0), yb - r.range(0, 0.08)],
      ],
    ],
    [
      [
        [xr, r.range(0, 0.22)],
        [xr + r.range(-0.08, 0.04), 1],
      ],
    ],
  ]
}

function five(r: Rng): Glyph {
  if (r.bool(0.2)) {
    // A narrow 5 with a short stem that runs smoothly into a tall bowl and a short flag on top,
    // close to a J (the slice's 5 -> 6, 5 -> 3 and 5 -> 8 confusions).
    const x0 = r.range(0.15, 0.35)
    const yk = r.range(0.22, 0.36)
    const body: Point[] = [
      [x0, 0],
      [x0 - 0.03, yk],
      [r.range(0.55, 0.7), yk + r.range(0.0, 0.06)],
      [r.range(0.85, 1.0), r.range(0.62, 0.75)],
      [0.6, 0.97],
      [0.3, 1.0],
      [r.range(0.0, 0.12), r.range(0.8, 0.92)],
    ]
    const flag: Point[] = [
      [x0 + r.range(-0.02, 0.05), r.range(-0.01, 0.03)],
      [x0 + r.range(0.2, 0.45), r.range(-0.06, 0.02)],
    ]
    return [[body], [flag]]
  }
  const x0 = r.range(0.12, 0.28)
  const yk = r.range(0.38, 0.5)
  const bowl: Point[] = [
    [x0 - 0.04, yk],
    [0.45, yk - r.range(0.05, 0.12)],
    [r.range(0.75, 0.85), yk + 0.03],
    [r.range(0.82, 0.92), 0.73],
    [0.62, 0.96],
    [0.3, 1.0],
    [r.range(0.02, 0.15), r.range(0.85, 0.95)],
  ]
  const stem: Stroke = [
    [
      [x0, 0],
      [x0 - 0.04, yk],
    ],
    bowl,
  ]
  const bar: Point[] = [
    [x0 + r.range(-0.02, 0.08), r.range(-0.01, 0.02)],
    [r.range(0.75, 0.98), r.range(-0.06, 0.03)],
  ]
  return [stem, [bar]]
}

function six(r: Rng): Glyph {
  const yl = r.range(0.3, 0.62) // top of the loop: MNIST 6s mostly have large bowls
  const lx = r.range(0.15, 0.25)
  // A curved stem sweeping in from the top right, or (a third of writers) a nearly straight one
  // coming down the left side.
  const stem: Point[] = r.bool(0.65)
    ? [
        [r.range(0.6, 0.9), 0],
        [0.45, r.range(0.1, 0.2)],
        [lx + 0.05, 0.5],
      ]
    : [
        [r.range(0.4, 0.65), 0],
        [lx + r.range(0.05, 0.12), 0.45],
      ]
  // The loop closes back onto the stem, or stops short of it.
  const end: Point = r.bool(0.75) ? [lx + 0.03, yl + 0.18] : [r.range(0.35, 0.5), yl + r.range(0.0, 0.08)]
  return [
    [
      [
        ...stem,
        [lx, 0.78],
        [0.4, 0.99],
        [0.7, 0.95],
        [r.range(0.78, 0.88), (0.75 + yl) / 2 + 0.1],
        [0.6, yl],
        [0.38, yl + 0.02],
        end,
      ],
    ],
  ]
}

function seven(r: Rng): Glyph {
  const xb = r.range(0.2, 0.5)
  const bend = r.range(-0.08, 0.1) // a curved descender
  const top: Point[] = [
    [r.range(0.0, 0.1), r.range(0, 0.08)],
    [r.range(0.88, 1.0), 0],
  ]
  const diag: Point[] = [top[1], [(top[1][0] + xb) / 2 + bend, 0.5], [xb, 1]]
  const stroke: Stroke = [top, diag]
  // A third of the writers start with a short downward tick at the left end of the bar.
  if (r.bool(0.35)) stroke.unshift([[top[0][0] + r.range(-0.03, 0.04), r.range(0.12, 0.38)], top[0]])
  const glyph: Glyph = [stroke]
  if (r.bool(0.18)) {
    // The crossed (continental) 7: a long bar through the stem, level or rising a little, at or
    // just below mid-height. Short dashes taught the nets that a long level stroke means a 2's base:
    // the validation slice's crossed 7s all read as 2 (session 11).
    const y = r.range(0.45, 0.62)
    const t = y // where the bar meets the stem, as a fraction of the stem's height
    const mx = top[1][0] + (xb - top[1][0]) * t + bend * 4 * t * (1 - t)
    glyph.push([
      [
        [mx - r.range(0.3, 0.5), y + r.range(0, 0.04)],
        [mx + r.range(0.25, 0.4), y - r.range(0, 0.04)],
      ],
    ])
  }
  return glyph
}

function eight(r: Rng): Glyph {
  const my = r.range(0.4, 0.52) // the waist, where the stroke crosses itself
  if (r.bool(0.1)) {
    // Two loops drawn one after the other.
    const rt = r.range(0.16, 0.24)
    const rb = r.range(0.2, 0.3)
    return [[arc(0.5, my / 2, rt, my / 2, -90, -450)], [arc(0.5, (1 + my) / 2, rb, (1 - my) / 2, -90, 270)]]
  }
  // One stroke: a vertical figure-eight (the 1:2 Lissajous curve x = sin 2t, y = -cos t), so the
  // two passes through the waist cross as an X, as they do in handwriting; the upper loop is
  // usually the narrower one.
  const wt = r.range(0.18, 0.3)
  const wb = r.range(0.22, 0.34)
  const t0 = r.range(-0.35, 0.15)
  const sweep = 2 * Math.PI + r.range(-0.1, 0.35)
  const reverse = r.bool(0.5)
  const pts: Point[] = []
  // 12 spans: few enough that per-point jitter bends the loops instead of making them wobble.
  for (let i = 0; i <= 12; i++) {
    const t = reverse ? t0 + sweep - (sweep * i) / 12 : t0 + (sweep * i) / 12
    const yr = 0.5 - 0.5 * cos(t)
    const y = yr < 0.5 ? yr * 2 * my : my + (yr - 0.5) * 2 * (1 - my)
    pts.push([0.5 + (yr < 0.5 ? wt : wb) * sin(2 * t), y])
  }
  return [[pts]]
}

function nine(r: Rng): Glyph {
  const rx = r.range(0.24, 0.36)
  const ry = r.range(0.17, 0.27)
  const cx = 0.45
  const cy = ry
  // A quarter of the writers leave the head open: the pen starts at its upper right and the
  // loop never closes onto the stem, which makes it C-shaped (the slice's 9 -> 5 confusions).
  const open = r.bool(0.25)
  const loop = open ? arc(cx, cy, rx, ry, r.range(-80, -40), -r.range(290, 320)) : arc(cx, cy, rx, ry, r.range(-10, 20), -340)
  const sx = cx + rx
  const style = r.weighted([0.6, 0.25, 0.15])
  let stem: Point[]
  if (open) {
    // From the bottom of the open head across to the right, then down.
    const end = loop[loop.length - 1]
    stem = [end, [sx + r.range(-0.02, 0.04), cy + ry * r.range(0.3, 0.8)], [sx + r.range(-0.12, 0.0), 1]]
    return [[loop, stem]]
  }
  if (style === 0)
    stem = [
      [sx, cy],
      [sx + r.range(-0.08, 0.04), 1],
    ]
  else if (style === 1)
    stem = [
      [sx, cy],
      [sx + 0.02, 0.6],
      [sx - r.range(0.1, 0.3), 1],
    ]
  else
    stem = [
      [sx, cy],
      [sx, 0.8],
      [sx - 0.12, 1],
      [sx - r.range(0.3, 0.45), 0.93],
    ]
  return [[loop, stem]]
}

/** The skeleton builders, indexed by digit class. */
export const glyphBuilders: readonly ((r: Rng) => Glyph)[] = [zero, one, two, three, four, five, six, seven, eight, nine]
