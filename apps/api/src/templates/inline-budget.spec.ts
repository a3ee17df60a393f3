import { InlineBudget } from './inline-budget';

describe('InlineBudget: slow renders share one allowance of event-loop time', () => {
  let clock = 0;
  const budget = () => new InlineBudget(20, 40, 100, 2, () => clock);

  beforeEach(() => {
    clock = 1000;
  });

  it('gives each render its own inline budget while the loop is free', () => {
    const b = budget();
    expect(b.next()).toBe(20);
    b.spent(0.05);
    expect(b.next()).toBe(20);
  });

  it('hands slow renders arriving together less and less, down to the floor', () => {
    const b = budget();
    b.spent(20);
    expect(b.next()).toBe(20);
    b.spent(15);
    expect(b.next()).toBe(5);
    b.spent(5);
    expect(b.next()).toBe(2);
  });

  it('gives the full budget back in the next window', () => {
    const b = budget();
    b.spent(40);
    expect(b.next()).toBe(2);
    clock += 100;
    expect(b.next()).toBe(20);
  });
});
