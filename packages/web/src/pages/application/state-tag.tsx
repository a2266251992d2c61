/** An application's state as a coloured tag. */
import { Tag } from 'antd';
import { type ApplicationState, stateColour, useNames } from './names.ts';

export function StateTag({ state }: { state: ApplicationState }) {
  const names = useNames();
  return (
    <Tag color={stateColour[state]} data-state={state}>
      {names.state(state)}
    </Tag>
  );
}
