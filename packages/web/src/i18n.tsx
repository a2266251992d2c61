/**
 * The app's language: Chinese by default, English on request (the header's switch, or ?lang=en in a shared
 * link), remembered in localStorage. Texts from the API come as {zh, en}, or as {zh} or {en} alone where the
 * app asked in its language (an assessment); the app's own strings live in ./messages.ts as {zh, en}.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type MessageId, messages } from './messages.ts';

export type Lang = 'zh' | 'en';
export interface Text {
  zh: string;
  en: string;
}
/** a text from the API: in both languages, or in the one asked for */
export type ApiText = Text | { zh: string } | { en: string };

/** the `lang` side of a text (the side it has, if it came in the other language only) */
export const textIn = (text: ApiText | null | undefined, lang: Lang): string =>
  text ? ((text as Partial<Text>)[lang] ?? Object.values(text)[0] ?? '') : '';

const KEY = 'icpdesk.lang';

function initialLang(): Lang {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh') return fromUrl;
  try {
    const saved = window.localStorage.getItem(KEY);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch {
    // storage may be off (private mode): Chinese
  }
  return 'zh';
}

interface LangContext {
  lang: Lang;
  setLang(l: Lang): void;
  /** one of the app's messages, with {name} placeholders filled */
  t(id: MessageId, vars?: Record<string, string | number>): string;
  /** the current language's side of an API text */
  tx(text: ApiText | null | undefined): string;
}

const Ctx = createContext<LangContext | null>(null);

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      window.localStorage.setItem(KEY, l);
    } catch {
      // not remembered
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const value = useMemo<LangContext>(
    () => ({
      lang,
      setLang,
      t: (id, vars) =>
        messages[id][lang].replace(/\{(\w+)\}/g, (m, k: string) => (vars && k in vars ? String(vars[k]) : m)),
      tx: (text) => textIn(text, lang),
    }),
    [lang, setLang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useLang(): LangContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('useLang outside LangProvider');
  return c;
}
