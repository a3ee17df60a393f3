import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { GatewayService } from '../gateway/gateway.service';
import { ProvidersService } from '../providers/providers.service';
import { EmbeddingCacheEntry } from './embedding-cache-entry.entity';
import type { PinnedEmbedding } from './scorer.types';

export interface Embeddings {
  vectors: number[][];
  /** Tokens the provider was asked to embed; 0 when every text came from the cache. */
  promptTokens: number;
}

/** Embeddings through the model gateway, each text fetched once per provider and model (embedding_cache). */
@Injectable()
export class EmbeddingsService {
  constructor(
    @InjectRepository(EmbeddingCacheEntry) private readonly cache: Repository<EmbeddingCacheEntry>,
    private readonly providers: ProvidersService,
    private readonly gateway: GatewayService,
  ) {}

  async embed(target: PinnedEmbedding, texts: string[], signal?: AbortSignal): Promise<Embeddings> {
    const keys = texts.map((text) => cacheKey(target, text));
    const unique = [...new Set(keys)];
    const found = new Map(
      (await this.cache.findBy({ key: In(unique) })).map((entry) => [entry.key, entry.vector] as const),
    );
    const missing = unique.filter((key) => !found.has(key));
    let promptTokens = 0;
    if (missing.length > 0) {
      const missingTexts = missing.map((key) => texts[keys.indexOf(key)]);
      const { connection, model } = await this.providers.resolve(target.provider, target.model);
      const result = await this.gateway.embed({ connection, model, texts: missingTexts, signal });
      promptTokens = result.usage.promptTokens;
      const now = new Date();
      const rows = missing.map((key, i) => ({ key, vector: result.embeddings[i], createdAt: now }));
      rows.forEach((row) => found.set(row.key, row.vector));
      // Repetitions score the same texts at once: the first writer wins, the others keep theirs.
      await this.cache.createQueryBuilder().insert().into(EmbeddingCacheEntry).values(rows).orIgnore().execute();
    }
    return { vectors: keys.map((key) => found.get(key) as number[]), promptTokens };
  }
}

/** Keyed by provider too: two providers may serve different models under one name. */
function cacheKey(target: PinnedEmbedding, text: string): string {
  return createHash('sha256').update(`${target.provider}\n${target.model}\n${text}`).digest('hex');
}
