/** Wakes the transport's sender loop when there is something to do. */
/** A notify before the wait is not lost. */
export class Wakeup {
  private pending = false;
  private resolve: (() => void) | undefined;
  notify(): void {
    this.pending = true;
    const resolve = this.resolve;
    this.resolve = undefined;
    resolve?.();
  }
  wait(): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.resolve = () => {
        this.pending = false;
        resolve();
      };
    });
  }
}
