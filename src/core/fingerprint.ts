/**
 * What a load read, as one digest: every file's name and text, in the order
 * read. Two loads with the same fingerprint built their graphs from the same
 * bytes, whatever the files' modification times say (a copy made with
 * `cp -p` or `rsync -t` keeps an older time).
 */
import { createHash } from 'node:crypto';

export class DataFingerprint {
  private readonly hash = createHash('sha256');

  /** Adds a file read, under a name unique within the load; its length is added too, so no two files can run together. */
  add(name: string, text: string): void {
    this.hash.update(`${name}\0${text.length}\0`);
    this.hash.update(text);
  }

  digest(): string {
    return this.hash.digest('base64url');
  }
}
