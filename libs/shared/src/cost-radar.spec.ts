import { countTokens as cl100k, encodeChat as encodeCl100kChat } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as o200k, encodeChat as encodeO200kChat } from 'gpt-tokenizer/encoding/o200k_base';
import { approximateTokens, countChatTokens, countPromptTokens, tokenizerFor, worstCaseCost } from './cost-radar';
import { findModelContextWindow, findModelPrice } from './model-prices';

describe('cost radar', () => {
  describe('choosing the tokenizer', () => {
    it('counts GPT-4o, GPT-4.1, GPT-5 and the o-series with o200k_base', () => {
      for (const model of [
        'gpt-4o',
        'gpt-4o-mini-2024-07-18',
        'openai/gpt-4.1-mini',
        'gpt-5',
        'o1',
        'o3-mini',
        'o4-mini',
      ]) {
        expect([model, tokenizerFor(model)]).toEqual([model, 'o200k_base']);
      }
    });

    it('counts GPT-4 and GPT-3.5 with cl100k_base', () => {
      for (const model of ['gpt-4', 'gpt-4-turbo', 'gpt-4-0613', 'gpt-3.5-turbo']) {
        expect([model, tokenizerFor(model)]).toEqual([model, 'cl100k_base']);
      }
    });

    it('approximates every other family', () => {
      for (const model of [
        'claude-sonnet-4-5',
        'gemini-2.5-pro',
        'llama3.1:8b',
        'qwen2.5-72b',
        'deepseek-chat',
        'ollama',
      ]) {
        expect([model, tokenizerFor(model)]).toEqual([model, 'approximate']);
      }
    });
  });

  describe('exact counts with gpt-tokenizer', () => {
    it('gives the counts tiktoken gives for known strings', () => {
      // Reference counts from OpenAI's tiktoken (`len(enc.encode(s))`).
      expect(o200k('hello world')).toBe(2);
      expect(cl100k('hello world')).toBe(2);
      expect(cl100k('tiktoken is great!')).toBe(6);
      expect(o200k('你好，世界')).toBe(3);
      expect(cl100k('你好，世界')).toBe(6);
    });

    it('adds the chat framing OpenAI documents: 3 per message, the role, and 3 to prime the reply', () => {
      const messages = [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: 'hello world' },
      ];
      // 3 + 1 (system) + 6, 3 + 1 (user) + 2, + 3
      expect(countChatTokens(messages, cl100k)).toBe(3 + 1 + 6 + (3 + 1 + 2) + 3);
      // gpt-tokenizer's encodeChat frames the messages as the models see them, reply priming included.
      expect(countChatTokens(messages, cl100k)).toBe(encodeCl100kChat(messages, 'gpt-4').length);
      expect(countChatTokens(messages, o200k)).toBe(encodeO200kChat(messages, 'gpt-4o').length);
    });

    it('counts a text prompt without framing and an empty chat as nothing', () => {
      expect(countPromptTokens('hello world', o200k)).toBe(2);
      expect(countPromptTokens([], o200k)).toBe(0);
    });
  });

  describe('the approximation for other families', () => {
    it('spends a token on each CJK character and about one on five letters', () => {
      expect(approximateTokens('')).toBe(0);
      expect(approximateTokens('你好世界')).toBe(4);
      expect(approximateTokens('こんにちは')).toBe(5);
      // 11 letters and spaces / 5 = 2.2 → 3
      expect(approximateTokens('hello world')).toBe(3);
      // 8 letters and spaces / 5 + 2 symbols × 0.7 = 3.0
      expect(approximateTokens('v2 is out!')).toBe(3);
    });

    it('stays within 15 % of real tokenizers on English prose', () => {
      const prose =
        'The quarterly review began at nine. Maria walked the team through the numbers: revenue grew twelve ' +
        'percent year over year, driven mostly by the new subscription tier, while support costs fell.';
      const exact = o200k(prose);
      expect(Math.abs(approximateTokens(prose) - exact) / exact).toBeLessThan(0.15);
    });
  });

  describe('worst-case cost', () => {
    it('is prompt tokens at the input price plus max tokens at the output price', () => {
      const gpt4o = findModelPrice('gpt-4o')!;
      // 1,000 × $2.50/M + 500 × $10/M
      expect(worstCaseCost(gpt4o, 1000, 500)).toBe(0.0075);
      expect(worstCaseCost({ inputPerMTok: 3, outputPerMTok: 15 }, 0, 0)).toBe(0);
    });
  });

  describe('context_window_exceeded', () => {
    it('knows the documented windows, snapshots included', () => {
      expect(findModelContextWindow('gpt-4o-2024-08-06')).toBe(128_000);
      expect(findModelContextWindow('claude-3-5-haiku-20241022')).toBe(200_000);
      expect(findModelContextWindow('models/gemini-2.5-pro')).toBe(1_048_576);
      expect(findModelContextWindow('fake-fast')).toBeUndefined();
    });
  });
});
