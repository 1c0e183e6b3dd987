/**
 * A campaign's queue: FIFO by the time the interaction entered the campaign (docs/routing.md), with `seq` breaking
 * equal times in arrival order. Almost every insert is at the tail and almost every removal is at the
 * head, so the slots live in one sorted array with a moving head; removals elsewhere (customer left, a
 * ringallmultiple take, a timeout) only flag the slot, and flagged slots are compacted in bulk.
 */
export interface QueueSlot<T> {
  readonly at: number;
  readonly seq: number;
  readonly item: T;
  gone: boolean;
}

function after<T>(a: QueueSlot<T>, b: QueueSlot<T>): boolean {
  return a.at > b.at || (a.at === b.at && a.seq > b.seq);
}

export class WaitingQueue<T> {
  private slots: QueueSlot<T>[] = [];
  private head = 0;
  private live = 0;
  private goneBehindHead = 0;

  get size(): number {
    return this.live;
  }

  insert(at: number, seq: number, item: T): QueueSlot<T> {
    const slot: QueueSlot<T> = { at, seq, item, gone: false };
    const slots = this.slots;
    const last = slots[slots.length - 1];
    if (slots.length === this.head || last === undefined || after(slot, last)) {
      slots.push(slot);
    } else {
      // an older entry time: a transfer keeping its original time, or a declined offer going back
      let lo = this.head;
      let hi = slots.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (after(slots[mid]!, slot)) hi = mid;
        else lo = mid + 1;
      }
      slots.splice(lo, 0, slot);
    }
    this.live++;
    return slot;
  }

  remove(slot: QueueSlot<T>): void {
    if (slot.gone) return;
    slot.gone = true;
    this.live--;
    this.goneBehindHead++;
    this.advanceHead();
    if (this.goneBehindHead > 64 && this.goneBehindHead > this.live) this.compact();
  }

  first(): T | undefined {
    return this.slots[this.head]?.item;
  }

  /** Visits live items oldest first until `visit` returns false. */
  scan(visit: (item: T, position: number) => boolean): void {
    const slots = this.slots;
    let position = 0;
    for (let i = this.head; i < slots.length; i++) {
      const slot = slots[i]!;
      if (slot.gone) continue;
      position++;
      if (!visit(slot.item, position)) return;
    }
  }

  /** 1-based position among waiting items; O(1) for the tail, the usual case. */
  positionOf(slot: QueueSlot<T>): number {
    if (slot.gone) return 0;
    if (this.slots[this.slots.length - 1] === slot) return this.live;
    let position = 0;
    for (let i = this.head; i < this.slots.length; i++) {
      const s = this.slots[i]!;
      if (s.gone) continue;
      position++;
      if (s === slot) return position;
    }
    return 0;
  }

  private advanceHead(): void {
    const slots = this.slots;
    while (this.head < slots.length && slots[this.head]!.gone) {
      this.head++;
      this.goneBehindHead--;
    }
    if (this.head === slots.length) {
      this.slots = [];
      this.head = 0;
      this.goneBehindHead = 0;
    } else if (this.head > 1024 && this.head * 2 > slots.length) {
      this.slots = slots.slice(this.head);
      this.head = 0;
    }
  }

  private compact(): void {
    this.slots = this.slots.slice(this.head).filter((s) => !s.gone);
    this.head = 0;
    this.goneBehindHead = 0;
  }
}
