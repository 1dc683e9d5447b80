/**
 * Vendor macro-library formats read from JSON (one Document of kind macro per macro), most specific first;
 * the generic collection last, so a vendor's file is never read as a plain list.
 */
import { collectionShape } from './collection.js'
import { freshdeskShape } from './freshdesk.js'
import { frontShape } from './front.js'
import { gorgiasShape } from './gorgias.js'
import { helpScoutShape } from './help-scout.js'
import { intercomMacrosShape } from './intercom-macros.js'
import type { JsonShape } from './json-tree.js'
import { zendeskMacrosShape } from './zendesk-macros.js'

export const macroShapes: readonly JsonShape[] = [
  zendeskMacrosShape,
  intercomMacrosShape,
  gorgiasShape,
  frontShape,
  helpScoutShape,
  freshdeskShape,
  collectionShape,
]
