// The dependency review's main-thread work in slices: requests from the review worker
// come in bursts (a package's versions at once; every verification waiting for npm's
// keys), and each starts a job in the verification store; started all in one task they
// made a long one.

/**
 * Runs work a slice per task: `run(work)` calls `work` in the order asked, as many in a
 * task as fit in `budgetMs` of their synchronous part (at least one), the rest in the
 * next task (a timer), and so on. Answers with what `work`'s promise answers.
 */
export class TaskSlices {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  constructor(
    private readonly budgetMs: number,
    /** The clock (tests pass their own). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => {
        try {
          work().then(resolve, reject);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => this.slice(), 0);
  }

  private slice(): void {
    this.scheduled = false;
    const end = this.now() + this.budgetMs;
    do this.waiting.shift()?.();
    while (this.waiting.length > 0 && this.now() < end);
    if (this.waiting.length > 0) this.schedule();
  }
}
