/**
 * Vendor transcript formats read from JSON (contact centres, messaging exports), tried in this order. The
 * AWS shapes go from the most specific to the least: a chat analysis says `Channel: "CHAT"`; a Contact Lens
 * voice file has ParticipantIds; Transcribe Call Analytics has ParticipantRole on each turn and no ids.
 */
import { ccaiInsights } from './ccai.js'
import { contactLensChat, contactLensVoice } from './contact-lens.js'
import { intercomConversation } from './intercom-conversation.js'
import type { JsonShape } from './json-tree.js'
import { transcribeCallAnalytics } from './transcribe.js'
import { zendeskMessaging } from './zendesk-messaging.js'

export const transcriptShapes: readonly JsonShape[] = [
  contactLensChat,
  contactLensVoice,
  transcribeCallAnalytics,
  ccaiInsights,
  zendeskMessaging,
  intercomConversation,
]
