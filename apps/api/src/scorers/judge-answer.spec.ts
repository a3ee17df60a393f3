import { llmJudgeConfig, parseJudgeAnswer } from './judge-answer';

const unit = { min: 0, max: 1 };

describe('reading a judge answer', () => {
  it('reads plain JSON', () => {
    expect(parseJudgeAnswer('{"score": 0.8, "reason": "Mostly right."}', unit)).toEqual({
      score: 0.8,
      reason: 'Mostly right.',
    });
  });

  it('reads a ```json block and JSON among prose', () => {
    expect(parseJudgeAnswer('My verdict:\n```json\n{"score": 1, "reason": "正确"}\n```', unit)).toEqual({
      score: 1,
      reason: '正确',
    });
    expect(parseJudgeAnswer('Thinking... {"score": "0.5", "reason": "half {right}"} Done.', unit)).toEqual({
      score: 0.5,
      reason: 'half {right}',
    });
  });

  it('maps a 1–5 scale onto 0..1 and clamps scores outside the scale', () => {
    const scale = llmJudgeConfig({ scale: [1, 5] }).scale;
    expect(parseJudgeAnswer('{"score": 4, "reason": "Good"}', scale)).toEqual({
      score: 0.75,
      reason: 'Good (4 on 1–5)',
    });
    expect(parseJudgeAnswer('{"score": 7}', scale)).toEqual({ score: 1, reason: 'no reason given (7 on 1–5)' });
    expect(parseJudgeAnswer('{"score": -2}', unit)).toMatchObject({ score: 0 });
  });

  it('reports an answer without a verdict as an error, quoting it', () => {
    expect(parseJudgeAnswer('The output looks fine to me.', unit)).toEqual({
      error: 'the judge\'s answer has no JSON {"score": …, "reason": …}: "The output looks fine to me."',
    });
    expect(parseJudgeAnswer('', unit)).toMatchObject({ error: expect.stringContaining('no JSON') });
    expect(parseJudgeAnswer('{"score": "high"}', unit)).toEqual({
      error: 'the judge\'s score is not a number: "high"',
    });
  });
});

describe('llm_judge config', () => {
  it('defaults to the eval-judge prompt on a 0..1 scale', () => {
    expect(llmJudgeConfig({})).toEqual({ prompt: 'eval-judge', scale: { min: 0, max: 1 } });
  });

  it('refuses a scale whose max is not above its min, and a version that is not a whole number', () => {
    expect(() => llmJudgeConfig({ scale: { min: 5, max: 1 } })).toThrow('must be {min, max}');
    expect(() => llmJudgeConfig({ version: 1.5 })).toThrow('must be a whole number from 1');
  });
});
