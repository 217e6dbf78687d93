const NONE = new Int32Array(0);

/**
 * A growing list of text positions in an Int32Array. A dense text can hold
 * a position every few characters, and a plain array of hundreds of
 * thousands of numbers cost several times more to grow (8 bytes each, and
 * fresh pages at every copy).
 */
export class PositionList {
  data: Int32Array = NONE;
  length = 0;

  push(position: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(Math.max(16, this.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = position;
    this.length += 1;
  }
}
