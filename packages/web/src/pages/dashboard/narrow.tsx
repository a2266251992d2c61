/**
 * Tables on a phone: the secondary columns are shown from Ant Design's `sm` breakpoint (576 px) up, and the
 * first column carries their gist on a line of its own below it instead.
 */
import type { Breakpoint } from 'antd';
import type { ReactNode } from 'react';

/** a column's `responsive`: shown from 576 px wide */
export const WIDE: Breakpoint[] = ['sm'];

/** the gist of the hidden columns, shown below 576 px only */
export function NarrowMeta({ children }: { children: ReactNode }) {
  return <div className="narrow-meta">{children}</div>;
}
