/**
 * Every page of the app in one table: its path, who may open it (the access key) and the page, loaded
 * lazily so that each page is a chunk of its own and the wizard never downloads the workspace.
 */
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { MessageId } from './messages.ts';

/** who may open a page: anyone, or a signed-in member (roles narrow further inside the page) */
export type Access = 'public' | 'member';

export interface AppRoute {
  path: string;
  access: Access;
  page: LazyExoticComponent<ComponentType>;
  /** the page's name in the workspace menu (shown to signed-in members, in this table's order) */
  nav?: MessageId;
}

export const routes: AppRoute[] = [
  { path: '/', access: 'public', page: lazy(() => import('./pages/home.tsx')) },
  { path: '/assess', access: 'public', page: lazy(() => import('./wizard/wizard-page.tsx')) },
  { path: '/sign-in', access: 'public', page: lazy(() => import('./pages/sign-in.tsx')) },
  { path: '/invite/:token', access: 'public', page: lazy(() => import('./pages/invite.tsx')) },
  {
    path: '/dashboard',
    access: 'member',
    nav: 'nav_dashboard',
    page: lazy(() => import('./pages/dashboard/dashboard.tsx')),
  },
  {
    path: '/companies',
    access: 'member',
    nav: 'nav_companies',
    page: lazy(() => import('./pages/companies.tsx')),
  },
  {
    path: '/applications',
    access: 'member',
    nav: 'nav_applications',
    page: lazy(() => import('./pages/application/applications-list.tsx')),
  },
  {
    path: '/applications/new',
    access: 'member',
    page: lazy(() => import('./pages/application/new-application.tsx')),
  },
  {
    path: '/applications/:id',
    access: 'member',
    page: lazy(() => import('./pages/application/application-page.tsx')),
  },
  {
    path: '/licences/:id',
    access: 'member',
    page: lazy(() => import('./pages/application/licence-page.tsx')),
  },
  { path: '/companies/:id', access: 'member', page: lazy(() => import('./pages/company/company-page.tsx')) },
  { path: '/import', access: 'member', page: lazy(() => import('./pages/import/import-page.tsx')) },
  {
    path: '/licences',
    access: 'member',
    nav: 'nav_licences',
    page: lazy(() => import('./pages/licences/licences-page.tsx')),
  },
  {
    path: '/calendar',
    access: 'member',
    nav: 'nav_calendar',
    page: lazy(() => import('./pages/calendar/calendar-page.tsx')),
  },
  {
    path: '/settings',
    access: 'member',
    nav: 'nav_settings',
    page: lazy(() => import('./pages/settings/settings-page.tsx')),
  },
  {
    path: '/settings/:tab',
    access: 'member',
    page: lazy(() => import('./pages/settings/settings-page.tsx')),
  },
  { path: '*', access: 'public', page: lazy(() => import('./pages/not-found.tsx')) },
];
