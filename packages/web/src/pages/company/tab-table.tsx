/** A tab's list: the rows of one API read with its loading, error (and retry) and empty states. */
import { Table, type TableProps } from 'antd';
import { ErrorNotice } from '../../error-notice.tsx';

interface Props<T> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'locale'> {
  loaded: { loading: boolean; error: unknown; reload(): void };
  rows: T[];
  /** what the empty list says */
  empty: string;
}

export function TabTable<T extends object>({ loaded, rows, empty, ...table }: Props<T>) {
  return (
    <>
      {loaded.error !== null && <ErrorNotice error={loaded.error} onRetry={loaded.reload} />}
      <Table<T>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        {...table}
        loading={loaded.loading}
        dataSource={rows}
        locale={{ emptyText: empty }}
      />
    </>
  );
}
