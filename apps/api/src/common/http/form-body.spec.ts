import { parseFormBody } from './form-body';

describe('reading form-encoded bodies', () => {
  it('reads steps[]=a&steps[]=b as the list steps', () => {
    expect({ ...parseFormBody('steps[]=a&steps[]=b&topic=tea') }).toEqual({ steps: ['a', 'b'], topic: 'tea' });
  });

  it('reads a single steps[] as a list of one, and repeated plain fields as a list', () => {
    expect({ ...parseFormBody('steps[]=only&tags=x&tags=y') }).toEqual({ steps: ['only'], tags: ['x', 'y'] });
  });

  it('joins steps and steps[] sent together, in order', () => {
    expect({ ...parseFormBody('steps=a&steps[]=b') }).toEqual({ steps: ['a', 'b'] });
  });
});
