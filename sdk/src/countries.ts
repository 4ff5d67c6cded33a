// ISO 3166-1 alpha-2, defined once for the signer (validating declarations) and the dApp (the
// country picker): the 249 officially assigned codes. Reserved and user-assigned codes (EU, UK,
// XK, ...) are not countries a buyer can declare, so they are refused as unknown rather than
// slipping past the jurisdiction policy. English names come from Intl.DisplayNames (the ICU data
// of the browser or of Node), so the list stays small and names follow current usage.
// Browser-safe: no Node APIs.
const assigned = `
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`

export type Country = { code: string; name: string }

/** Every assigned code, upper case. */
export const countryCodes: ReadonlySet<string> = new Set(assigned.trim().split(/\s+/))

const displayNames = new Intl.DisplayNames(['en'], { type: 'region' })

/** True for an assigned ISO 3166-1 alpha-2 code (upper case). */
export function isCountryCode(code: string): boolean {
  return countryCodes.has(code)
}

/** The English name of a code, e.g. 'DE' -> 'Germany'; the code itself when unknown. */
export function countryName(code: string): string {
  return (countryCodes.has(code) && displayNames.of(code)) || code
}

/** Every country as { code, name }, sorted by English name (for pickers). */
export const countries: readonly Country[] = [...countryCodes]
  .map((code) => ({ code, name: countryName(code) }))
  .sort((a, b) => a.name.localeCompare(b.name, 'en'))
