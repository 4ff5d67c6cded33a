// A 3x5 pixel font (digits, lowercase letters, a few signs) for labels drawn on preview grids.
// Each glyph: 5 rows of 3 bits, top row first.
const GLYPHS: Record<string, string> = {
  '0': '111101101101111',
  '1': '010110010010111',
  '2': '111001111100111',
  '3': '111001111001111',
  '4': '101101111001001',
  '5': '111100111001111',
  '6': '111100111101111',
  '7': '111001010010010',
  '8': '111101111101111',
  '9': '111101111001111',
  a: '010101111101101',
  b: '110101110101110',
  c: '011100100100011',
  d: '110101101101110',
  e: '111100110100111',
  f: '111100110100100',
  g: '011100101101011',
  h: '101101111101101',
  i: '111010010010111',
  j: '001001001101010',
  k: '101101110101101',
  l: '100100100100111',
  m: '101111111101101',
  n: '110101101101101',
  o: '010101101101010',
  p: '110101110100100',
  q: '010101101011001',
  r: '110101110101101',
  s: '011100010001110',
  t: '111010010010010',
  u: '101101101101111',
  v: '101101101101010',
  w: '101101111111101',
  x: '101101010101101',
  y: '101101010010010',
  z: '111001010100111',
  '-': '000000111000000',
  '.': '000000000000010',
  ':': '000010000010000',
  '#': '101111101111101',
  '/': '001001010100100',
  _: '000000000000111',
  ' ': '000000000000000',
  '?': '111001010000010',
}

/**
 * Draws `text` into an RGB byte image at (x, y), each font pixel `scale` pixels wide, on a dark
 * backing box so it reads on any image. Unknown characters draw as '?'.
 */
export function drawText(
  image: Uint8Array,
  width: number,
  height: number,
  x: number,
  y: number,
  text: string,
  color: readonly number[],
  scale = 2,
): void {
  const chars = text.toLowerCase()
  const boxW = chars.length * 4 * scale + scale
  const boxH = 7 * scale
  const put = (px: number, py: number, c: readonly number[]): void => {
    if (px < 0 || py < 0 || px >= width || py >= height) return
    const k = (py * width + px) * 3
    image[k] = c[0]
    image[k + 1] = c[1]
    image[k + 2] = c[2]
  }
  for (let py = 0; py < boxH; py++) for (let px = 0; px < boxW; px++) put(x + px, y + py, [0, 0, 0])
  for (let i = 0; i < chars.length; i++) {
    const glyph = GLYPHS[chars[i]] ?? GLYPHS['?']
    for (let row = 0; row < 5; row++) {
      for (let col = 0; col < 3; col++) {
        if (glyph[row * 3 + col] !== '1') continue
        for (let sy = 0; sy < scale; sy++) {
          for (let sx = 0; sx < scale; sx++) put(x + scale + (i * 4 + col) * scale + sx, y + scale + row * scale + sy, color)
        }
      }
    }
  }
}
