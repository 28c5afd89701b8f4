/** Lets a loop sleep until it is woken (a notification) or a timeout passes, whichever comes first. */
export class Wakeup {
  private wake: (() => void) | null = null;
  private pending = false;

  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
