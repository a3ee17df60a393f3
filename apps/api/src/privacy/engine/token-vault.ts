/** Every placeholder a vault hands out has this shape: `<TYPE_n>`. */
const PLACEHOLDER = /<[A-Z][A-Z0-9_]*_\d+>/g;

/**
 * Placeholders handed out within one request (`<EMAIL_1>` → original), shared by every text of
 * that request (all messages), so the same value always gets the same placeholder.
 */
export class TokenVault {
  private readonly byValue = new Map<string, string>();
  private readonly byToken = new Map<string, string>();
  private readonly next = new Map<string, number>();
  private longestToken = 0;

  placeholderFor(type: string, value: string): string {
    const key = `${type}\u0000${value}`;
    let token = this.byValue.get(key);
    if (!token) {
      const n = (this.next.get(type) ?? 0) + 1;
      this.next.set(type, n);
      token = `<${type}_${n}>`;
      this.byValue.set(key, token);
      this.byToken.set(token, value);
      this.longestToken = Math.max(this.longestToken, token.length);
    }
    return token;
  }

  get size(): number {
    return this.byToken.size;
  }

  /** The original of a placeholder, if this vault handed it out. */
  original(token: string): string | undefined {
    return this.byToken.get(token);
  }

  /** Restores every placeholder of this vault in a complete text (unknown ones stay as they are). */
  restore(text: string): string {
    if (this.byToken.size === 0) return text;
    return text.replace(PLACEHOLDER, (token) => this.byToken.get(token) ?? token);
  }

  /** Whether `tail` (starting with `<`) is a proper beginning of a placeholder this vault handed out. */
  private couldBecomePlaceholder(tail: string): boolean {
    if (tail.length >= this.longestToken) return false;
    for (const token of this.byToken.keys()) {
      if (token.length > tail.length && token.startsWith(tail)) return true;
    }
    return false;
  }

  /**
   * A restorer for a streamed answer: feed it the deltas in order, it returns what can be sent now
   * (holding back a possible placeholder split across chunks); `flush()` returns the rest.
   *
   * Only a tail that is a proper prefix of one of this vault's placeholders is held back, so at most
   * the longest placeholder's length minus one; `a < b` or `<b>` pass straight through. The output
   * of all pushes plus `flush()` equals `restore()` of the whole text, however it was chunked:
   * a placeholder cannot contain `<`, so cutting before the last `<` never splits a match.
   */
  streamRestorer(): { push(delta: string): string; flush(): string } {
    let held = '';
    return {
      push: (delta: string) => {
        held += delta;
        const cut = held.lastIndexOf('<');
        if (cut >= 0 && this.couldBecomePlaceholder(held.slice(cut))) {
          const ready = held.slice(0, cut);
          held = held.slice(cut);
          return this.restore(ready);
        }
        const ready = held;
        held = '';
        return this.restore(ready);
      },
      flush: () => {
        const rest = held;
        held = '';
        return this.restore(rest);
      },
    };
  }
}
