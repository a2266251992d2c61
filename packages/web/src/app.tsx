/** The shell: language, Ant Design's locale and theme, the header, and the routes of ./routes.tsx. */
import { App as AntApp, Button, ConfigProvider, Layout, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { BrowserRouter, Link, Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { LangProvider, useLang } from './i18n.tsx';
import type { MessageId } from './messages.ts';
import { type Access, routes } from './routes.tsx';
import { SessionProvider, useSession } from './session.tsx';

const NotificationBell = lazy(() => import('./pages/settings/notification-bell.tsx'));

/** a page's access key enforced: a member page asks who is signed in, and sends anyone else to sign in */
function Guard({ access, children }: { access: Access; children: ReactNode }) {
  const { me, check } = useSession();
  const { t } = useLang();
  const location = useLocation();
  useEffect(() => {
    if (access === 'member') check().catch(() => {});
  }, [access, check]);
  if (access === 'public') return children;
  if (me === undefined) return <Spin className="app-loading" aria-label={t('loading')} />;
  if (me === null)
    return (
      <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  return children;
}

function Account() {
  const { me, signOut } = useSession();
  const { t } = useLang();
  if (!me)
    return (
      <Link to="/sign-in" className="app-account">
        {t('signIn')}
      </Link>
    );
  return (
    <span className="app-account">
      <Link to="/dashboard">{me.user.name ?? me.user.email}</Link>
      <Button
        type="text"
        className="app-signout"
        // a member page then sends to sign-in by itself (Guard); a public page stays
        onClick={() => signOut().catch(() => {})}
      >
        {t('signOut')}
      </Button>
    </span>
  );
}

/** the member pages' menu, from the routes table: shown once someone is signed in */
function WorkspaceNav() {
  const { me } = useSession();
  const { t } = useLang();
  const { pathname } = useLocation();
  if (!me) return null;
  return (
    <nav className="app-nav" aria-label={t('workspaceNav')}>
      {routes
        .filter((r) => r.nav)
        .map((r) => (
          <NavLink key={r.path} to={r.path} aria-current={pathname.startsWith(r.path) ? 'page' : undefined}>
            {t(r.nav as MessageId)}
          </NavLink>
        ))}
    </nav>
  );
}

function Header() {
  const { lang, setLang, t } = useLang();
  return (
    <Layout.Header className="app-header no-print">
      <Link to="/assess" className="app-brand">
        icpdesk
      </Link>
      <span className="app-tagline">{t('appName')}</span>
      <WorkspaceNav />
      <Suspense fallback={null}>
        <NotificationBell />
      </Suspense>
      <Account />
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
      // secondary and placeholder text and the danger colour darker than Ant Design's, which fail WCAG AA contrast (4.5:1)
      theme={{
        token: {
          colorPrimary: '#1d4ed8',
          // links in the primary blue: Ant Design's own (#1677ff) is 4.1:1 on white
          colorLink: '#1d4ed8',
          colorTextSecondary: '#595959',
          colorTextDescription: '#595959',
          colorError: '#cf1322',
          colorTextPlaceholder: '#757575',
          // each page's title is its one level-one heading, drawn at the size of Ant Design's level two
          fontSizeHeading1: 30,
        },
      }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <Layout className="app-layout">
          <Header />
          {/* Layout.Content is the page's <main> landmark */}
          <Layout.Content className="app-content">
            <Suspense fallback={<Spin className="app-loading" aria-label={t('loading')} />}>
              <Routes>
                {routes.map((r) => (
                  <Route
                    key={r.path}
                    path={r.path}
                    element={
                      <Guard access={r.access}>
                        <r.page />
                      </Guard>
                    }
                  />
                ))}
              </Routes>
            </Suspense>
          </Layout.Content>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <LangProvider>
      <SessionProvider>
        <BrowserRouter>
          <Shell />
        </BrowserRouter>
      </SessionProvider>
    </LangProvider>
  );
}
