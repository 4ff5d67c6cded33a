// The ISO country list is defined once in the sdk (shared with the signer's validation).
export { type Country, countries } from '@neuromation/sdk'
