/** The workspace's navigation: the names of the member pages in the header's menu. */
import { m } from './define.ts';

export const workspaceMessages = m({
  nav_companies: { zh: '公司', en: 'Companies' },
  nav_assess: { zh: '自助评估', en: 'Self-assessment' },
  workspaceNav: { zh: '工作台导航', en: 'Workspace' },
});
