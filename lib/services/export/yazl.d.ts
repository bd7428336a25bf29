// yazl ships no types; this declares the part the export uses.
declare module "yazl" {
  import type { Readable } from "node:stream";
  interface EntryOptions {
    mtime?: Date;
    compress?: boolean;
  }
  export class ZipFile {
    outputStream: Readable;
    addReadStreamLazy(path: string, options: EntryOptions, open: (cb: (error: Error | null, stream?: Readable) => void) => void): void;
    addBuffer(buffer: Buffer, path: string, options?: EntryOptions): void;
    end(): void;
    on(event: "error", listener: (error: Error) => void): this;
  }
}
