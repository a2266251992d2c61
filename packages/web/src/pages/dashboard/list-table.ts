/** The props every list table of these pages shares: compact, paged past 20 rows, scrolling sideways, worded empty. */
import type { TableProps } from 'antd';

const PAGE = 20;

export function listTableProps<T extends { id: string }>(
  items: T[],
  loading: boolean,
  emptyText: string,
): TableProps<T> {
  return {
    rowKey: 'id',
    size: 'small',
    loading,
    dataSource: items,
    pagination: items.length > PAGE ? { pageSize: PAGE, showSizeChanger: false } : false,
    scroll: { x: true },
    locale: { emptyText },
  };
}

/** the values of a union that the messages name `<prefix><value>`, in the messages' order */
export const valuesNamed = <V extends string>(messages: Record<`${string}`, unknown>, prefix: string): V[] =>
  Object.keys(messages)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length) as V);
