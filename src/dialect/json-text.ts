/**
 * A body a dialect serialized itself, because JSON.stringify cannot keep the order it needs
 * (integer-like object keys always come first in JavaScript objects).
 */
export class JsonText {
  constructor(readonly text: string) {}
}
