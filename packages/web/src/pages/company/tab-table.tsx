/** A tab's list: the rows of one API read with its loading, error (and retry) and empty states. */
import { Table, type TableProps } from 'antd';
import { ErrorNotice } from '../../error-notice.tsx';

interface Props<T> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'locale'> {
  loaded: { loading: boolean; error: unknown; reload(): void };
  rows: T[];
  /** what the empty list says */
  empty: string;
  /**
   * a table with nothing to focus in its rows (no links, no buttons) names itself here: it then scrolls
   * sideways inside a region that the keyboard can reach, rather than in Ant Design's unreachable one
   */
  region?: string;
}

export function TabTable<T extends object>({ loaded, rows, empty, region, ...table }: Props<T>) {
  const list = (
    <Table<T>
      rowKey="id"
      size="small"
      pagination={false}
      scroll={region ? undefined : { x: true }}
      {...table}
      loading={loaded.loading}
      dataSource={rows}
      locale={{ emptyText: empty }}
    />
  );
  return (
    <>
      {loaded.error !== null && <ErrorNotice error={loaded.error} onRetry={loaded.reload} />}
      {region ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
        <section className="table-scroll" tabIndex={0} aria-label={region}>
          {list}
        </section>
      ) : (
        list
      )}
    </>
  );
}
