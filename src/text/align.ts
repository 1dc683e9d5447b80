/**
 * Aligns decoded text with the raw source it came from (Markdown, HTML, YAML), pushing SourceMap runs: equal
 * characters map one to one, a backslash escape or a character reference maps as one unit, and raw syntax the
 * decoded text does not keep (block-quote markers, indentation, tags already cut out) is skipped.
 */
import type { SourceMap } from '../document.js'

const ENTITY = /^&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/

/** Aligns a node's decoded value with its raw source, pushing the runs onto `map`. */
export function align(value: string, raw: string, base: number, map: SourceMap): void {
  if (value === raw) {
    map.push(value.length, base)
    return
  }
  let i = 0
  let j = 0
  while (i < value.length) {
    if (j < raw.length && raw[j] === value[i]) {
      map.push(1, base + j)
      i++
      j++
    } else if (raw[j] === '\\' && raw[j + 1] === value[i]) {
      map.push(1, base + j, 2)
      i++
      j += 2
    } else if (raw[j] === '&' && ENTITY.test(raw.slice(j, j + 34))) {
      const entity = ENTITY.exec(raw.slice(j, j + 34))![0]
      const units = value.codePointAt(i)! > 0xffff ? 2 : 1
      map.push(units, base + j, entity.length)
      i += units
      j += entity.length
    } else if (j < raw.length) {
      j++ // syntax the value does not keep: "> " of a block quote, indentation, trailing spaces
    } else {
      map.push(value.length - i, base + raw.length, 0)
      break
    }
  }
}
