import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { I18nContext, type Language, LANGUAGE_KEY, type Translate } from './i18n-context';
import { en } from './messages/en';
import { zh } from './messages/zh';

const messages = { en, zh } as const;
const PLURAL = /\{(\w+), plural, ((?:\w+ \{[^}]*\} ?)+)\}/g;
const antdLocales = { en: enUS, zh: zhCN } as const;

function initialLanguage(): Language {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  if (saved === 'en' || saved === 'zh') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Holds the chosen language (remembered in localStorage) and gives antd the matching locale. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(LANGUAGE_KEY, next);
    setLanguageState(next);
  }, []);

  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [language]);

  const value = useMemo(() => {
    const dictionary = messages[language];
    const plurals = new Intl.PluralRules(language === 'zh' ? 'zh-CN' : 'en');
    const t: Translate = (key, params) =>
      dictionary[key]
        // `{count, plural, one {# item} other {# items}}`: the form the language's plural rules pick.
        .replace(PLURAL, (match, name: string, forms: string) => {
          const value = params?.[name];
          if (typeof value !== 'number') return match;
          const chosen = new Map([...forms.matchAll(/(\w+) \{([^}]*)\}/g)].map(([, rule, text]) => [rule, text]));
          const text = chosen.get(plurals.select(value)) ?? chosen.get('other') ?? match;
          return text.replace(/#/g, value.toLocaleString());
        })
        .replace(/\{(\w+)\}/g, (match, name: string) => (params && name in params ? String(params[name]) : match));
    return { language, setLanguage, t };
  }, [language, setLanguage]);

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={antdLocales[language]} theme={{ token: { colorPrimary: '#4f46e5', borderRadius: 6 } }}>
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}
