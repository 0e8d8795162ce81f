// Whether loss charts use a log scale: one choice for the run page and Compare, kept in
// localStorage so it outlasts a reload. A diverged run's loss (1e8 and more) flattens every
// other curve on a linear axis; on a log axis each power of ten gets the same height.

const KEY = 'backprop-lab.loss-log-scale';

class LossScale {
  #log = $state(localStorage.getItem(KEY) === 'log');

  get log(): boolean {
    return this.#log;
  }

  set log(on: boolean) {
    this.#log = on;
    localStorage.setItem(KEY, on ? 'log' : 'linear');
  }
}

export const lossScale = new LossScale();
