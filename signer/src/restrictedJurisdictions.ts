// The jurisdiction policy of the NTK sale, in one place. The signer refuses a voucher when the
// buyer's declared country is listed here (for `accreditedAllowed` entries: unless the buyer also
// declares accredited-investor status). The reasons are shown to buyers and in GET /v1/policy,
// so they are written for people. Changing this list is a compliance decision: review with
// counsel and keep the reason next to the code.
//
// What is deliberately NOT here:
// - Russia-occupied regions of Ukraine (Crimea, the so-called DNR and LNR) are under
//   comprehensive US sanctions (EO 13685, EO 14065) but have no ISO 3166-1 code: a country-code
//   declaration cannot express them. Buyers declaring UA are allowed; excluding those regions
//   needs address- or IP-level screening at the KYC step, not this table.
// - Venezuela (VE): US sanctions there are targeted (the Government of Venezuela and listed
//   persons, EO 13884), not a country-wide embargo; individuals are screened against the SDN
//   list at KYC. A jurisdiction ban would overreach.
// - Russia (RU) and Belarus (BY) are included below although their US programs are not
//   comprehensive embargoes; see their reasons.

export type RestrictedJurisdiction = {
  /** ISO 3166-1 alpha-2, upper case. */
  code: string
  name: string
  /** Why buyers from here are refused, for people. */
  reason: string
  /** True when accredited investors from here may buy (US persons); false: nobody may. */
  accreditedAllowed: boolean
}

const ofacComprehensive = (name: string) =>
  `${name} is under comprehensive US (OFAC) sanctions; US law prohibits dealing with persons there.`

// Securities-law reason shared by the US and its territories: residents of the territories are
// US persons under Regulation S (Rule 902(k)), so the same rule applies to all of them.
const usPerson = (name: string) =>
  `Residents of ${name} are US persons. The sale is not registered under the US Securities Act, ` +
  'so US persons may take part only as accredited investors (Regulation D, Rule 506(c)).'

export const restrictedJurisdictions: readonly RestrictedJurisdiction[] = [
  // Comprehensive OFAC programs.
  { code: 'CU', name: 'Cuba', reason: ofacComprehensive('Cuba'), accreditedAllowed: false },
  { code: 'IR', name: 'Iran', reason: ofacComprehensive('Iran'), accreditedAllowed: false },
  { code: 'KP', name: 'North Korea', reason: ofacComprehensive('North Korea'), accreditedAllowed: false },
  // The Syria program was largely lifted in 2025 (EO 14312), but designations of the former
  // regime, terrorism and Captagon networks remain and the EU/UK relief is partial; until counsel
  // signs off on a narrower rule, the sale keeps refusing the jurisdiction.
  {
    code: 'SY',
    name: 'Syria',
    reason:
      'Syria remains subject to US, EU and UK sanctions on many persons and sectors; the sale refuses it until a narrower rule is approved.',
    accreditedAllowed: false,
  },
  // Included although not comprehensive US embargoes: broad US (EO 14024) and EU (Reg. 833/2014)
  // sanctions, and the EU bans crypto-asset wallet, account and custody services to Russian
  // persons (Art. 5b). A self-declared voucher cannot screen each buyer against those lists, so
  // the jurisdiction is refused.
  {
    code: 'RU',
    name: 'Russia',
    reason:
      'Russia is under broad US, EU and UK sanctions, including EU restrictions on crypto-asset services to Russian residents.',
    accreditedAllowed: false,
  },
  // Same reasoning as Russia: EU Reg. 765/2006 mirrors the Russian crypto-asset restrictions.
  {
    code: 'BY',
    name: 'Belarus',
    reason:
      'Belarus is under broad US, EU and UK sanctions, including EU restrictions on crypto-asset services to Belarusian residents.',
    accreditedAllowed: false,
  },
  // FATF "call for action" (black list) with KP and IR: FATF asks for enhanced due diligence on
  // Myanmar, which a self-declared voucher cannot provide.
  {
    code: 'MM',
    name: 'Myanmar',
    reason:
      'Myanmar is on the FATF list of high-risk jurisdictions subject to a call for action; the sale cannot perform the required enhanced due diligence.',
    accreditedAllowed: false,
  },
  // Securities and crypto rules of the issuer's chosen markets.
  {
    code: 'CN',
    name: 'China',
    reason: 'Token offerings to residents of mainland China are prohibited (PBoC notices of 2017 and 2021).',
    accreditedAllowed: false,
  },
  {
    code: 'HK',
    name: 'Hong Kong',
    reason: 'The sale is not authorized by the Hong Kong SFC, so it is not offered to residents of Hong Kong.',
    accreditedAllowed: false,
  },
  { code: 'US', name: 'United States', reason: usPerson('the United States'), accreditedAllowed: true },
  { code: 'PR', name: 'Puerto Rico', reason: usPerson('Puerto Rico'), accreditedAllowed: true },
  { code: 'GU', name: 'Guam', reason: usPerson('Guam'), accreditedAllowed: true },
  { code: 'VI', name: 'U.S. Virgin Islands', reason: usPerson('the U.S. Virgin Islands'), accreditedAllowed: true },
  { code: 'AS', name: 'American Samoa', reason: usPerson('American Samoa'), accreditedAllowed: true },
  {
    code: 'MP',
    name: 'Northern Mariana Islands',
    reason: usPerson('the Northern Mariana Islands'),
    accreditedAllowed: true,
  },
  {
    code: 'UM',
    name: 'U.S. Outlying Islands',
    reason: usPerson('the U.S. Minor Outlying Islands'),
    accreditedAllowed: true,
  },
]
