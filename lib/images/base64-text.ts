/**
 * Base64 text held as its ASCII bytes. A b64_json answer carries 2+ MB of it per image: as a JS string it
 * lands in V8's large-object space and each one brings the next full collection of the whole heap closer
 * (at c=1 that was a third of the event loop's time); as bytes it is external memory, and the answer is
 * written to the socket from it unchanged (api/images-json). A string is made only where JSON needs one.
 */
export class Base64Text {
  constructor(readonly bytes: Uint8Array) {}

  /** Whole base64 quanta per chunk: each chunk's text stays small, so only young, cheap strings are made. */
  private static readonly CHUNK = 3 * 16 * 1024;

  /** The base64 of `data`, encoded a slice at a time straight into the result. */
  static encode(data: Uint8Array): Base64Text {
    const source = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const out = Buffer.allocUnsafe(Math.ceil(data.byteLength / 3) * 4);
    let at = 0;
    for (let from = 0; from < source.length; from += Base64Text.CHUNK) {
      at += out.write(source.subarray(from, from + Base64Text.CHUNK).toString("base64"), at, "latin1");
    }
    return new Base64Text(out);
  }

  /** Text that is already base64 (latin1 of ASCII is a plain copy). */
  static of(text: string): Base64Text {
    return new Base64Text(Buffer.from(text, "latin1"));
  }

  get length(): number {
    return this.bytes.byteLength;
  }

  toString(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString("latin1");
  }

  /** JSON.stringify (webhooks, stream events) writes it as the string it stands for. */
  toJSON(): string {
    return this.toString();
  }
}
