// The ISO country list is defined once in the sdk (shared with the signer's validation).
export { countries, type Country } from '@neuromation/sdk'
