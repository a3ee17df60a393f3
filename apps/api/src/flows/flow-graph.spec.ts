import { FlowDefinition, FlowStep } from '@promptops/shared';
import { analyzeFlow } from './flow-graph';

const step = (id: string, inputs: Record<string, string>, extra: Partial<FlowStep> = {}): FlowStep => ({
  id,
  prompt: { name: 'p' },
  inputs,
  ...extra,
});
const flow = (steps: FlowStep[], output = '{{ inputs.q }}'): FlowDefinition => ({ steps, output });

describe('analyzeFlow', () => {
  it('orders a diamond A → {B, C} → D and lists each step’s dependencies', () => {
    const graph = analyzeFlow(
      flow([
        step('d', { x: '{{ steps.b.output }} {{ steps["c"].output.y }}' }),
        step('b', { x: '{{ steps.a.output }}' }),
        step('c', { x: '{{ steps.a.output }}' }),
        step('a', { x: '{{ inputs.q }}' }),
      ]),
      ['q'],
    );
    expect(graph.issues).toEqual([]);
    expect(graph.order).toEqual(['a', 'b', 'c', 'd']);
    expect(graph.dependsOn.get('d')).toEqual(['b', 'c']);
    expect(graph.dependsOn.get('a')).toEqual([]);
  });

  it('names every step on a cycle, and a self-reference is a cycle', () => {
    const graph = analyzeFlow(
      flow([
        step('a', { x: '{{ steps.c.output }}' }),
        step('b', { x: '{{ steps.a.output }}' }),
        step('c', { x: '{{ steps.b.output }}' }),
        step('s', { x: '{{ inputs.q }}' }, { when: 'steps.s.output' }),
        step('free', { x: '{{ inputs.q }}' }),
      ]),
      ['q'],
    );
    expect(graph.order).toEqual([]);
    expect(graph.issues.map((i) => [i.kind, i.steps])).toEqual([
      ['cycle', ['a', 'b', 'c']],
      ['cycle', ['s']],
    ]);
    expect(graph.issues[1].message).toContain('"s"');
  });

  it('reports unknown steps and inputs, names other than inputs and steps, and dynamic references', () => {
    const graph = analyzeFlow(
      flow(
        [
          step('a', { x: '{{ steps.nope.output }}', y: '{{ inputs.missing }}', z: '{{ question }}' }),
          step('b', { x: '{{ steps[name] }}' }),
        ],
        '{{ steps }}',
      ),
      ['q'],
    );
    const kinds = graph.issues.map((i) => [i.kind, i.steps, i.field]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['unknown_step', ['a'], 'inputs.x'],
        ['unknown_input', ['a'], 'inputs.y'],
        ['unknown_input', ['a'], 'inputs.z'],
        ['unknown_input', ['b'], 'inputs.x'],
        ['syntax', ['b'], 'inputs.x'],
        ['syntax', [], 'output'],
      ]),
    );
    expect(graph.issues.find((i) => i.field === 'inputs.z')?.message).toContain('mappings see only inputs and steps');
  });

  it('reports syntax errors by field, bad and duplicate ids, and too many steps', () => {
    const steps = Array.from({ length: 51 }, (_, i) => step(`s${i}`, { x: '{{ inputs.q }}' }));
    steps.push(step('s0', { x: '{{ inputs.q' }, { when: 'inputs.q and' }), step('9bad', {}));
    const kinds = analyzeFlow(flow(steps), ['q']).issues.map((i) => [i.kind, i.steps, i.field ?? null]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['too_many_steps', [], null],
        ['duplicate_step', ['s0'], 'id'],
        ['invalid_step_id', ['9bad'], 'id'],
        ['syntax', ['s0'], 'inputs.x'],
        ['syntax', ['s0'], 'when'],
      ]),
    );
  });
});
