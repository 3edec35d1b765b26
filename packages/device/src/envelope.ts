/**
 * The signed envelope, from the one protocol module the broker uses too (`@voke/protocol`): `{"body": "<JSON
 * text>", "sig": "<lowercase hex HMAC-SHA256 of plantId + "." + body>"}`.
 */
export {
  type EnvelopeCheck,
  type EnvelopeRefusal,
  encodeEnvelope,
  envelopeSignature,
  type SignedEnvelope,
  signEnvelope,
  verifyEnvelope,
} from "@voke/protocol";
