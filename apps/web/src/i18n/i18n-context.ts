import { createContext } from 'react';
import type { MessageKey } from './messages/en';

export type Language = 'en' | 'zh';
export const LANGUAGE_KEY = 'promptops.language';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface I18nValue {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
}

export const I18nContext = createContext<I18nValue | null>(null);
