/** The shell: language, Ant Design's locale and theme, the header, and the routes of ./routes.tsx. */
import { App as AntApp, Button, ConfigProvider, Layout, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Suspense } from 'react';
import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { LangProvider, useLang } from './i18n.tsx';
import { routes } from './routes.tsx';

function Header() {
  const { lang, setLang, t } = useLang();
  return (
    <Layout.Header className="app-header no-print">
      <Link to="/assess" className="app-brand">
        icpdesk
      </Link>
      <span className="app-tagline">{t('appName')}</span>
      <Button
        className="app-lang"
        type="text"
        lang={lang === 'zh' ? 'en' : 'zh-CN'}
        onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
      >
        {t('switchLang')}
      </Button>
    </Layout.Header>
  );
}

function Shell() {
  const { lang, t } = useLang();
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#1d4ed8' } }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <Layout className="app-layout">
          <Header />
          <Layout.Content className="app-content">
            <main>
              <Suspense fallback={<Spin className="app-loading" aria-label={t('loading')} />}>
                <Routes>
                  {routes.map((r) => (
                    <Route key={r.path} path={r.path} element={<r.page />} />
                  ))}
                </Routes>
              </Suspense>
            </main>
          </Layout.Content>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <LangProvider>
      <BrowserRouter>
        <Shell />
      </BrowserRouter>
    </LangProvider>
  );
}
