/**
 * The references inside obligations.yaml: unique rule ids, the parameters their day counts come from, and a
 * deadline that fits what sets the rule going (a rule set going by events counts from the event).
 */
import { checkParameterRef, type RefContext } from './refs.ts';
import { uniqueMap } from './unique-ids.ts';

export function checkObligationRefs(ctx: RefContext): void {
  const { parsed, data } = ctx.kb;
  const p = parsed.obligations;
  if (!p || !data.obligations) return;
  uniqueMap(ctx.issues, data.obligations.rules, p, 'rules', 'obligation rule');
  data.obligations.rules.forEach((r, i) => {
    const d = r.deadline;
    const pid =
      d.type === 'yearly-window'
        ? d.parameter
        : (d.type === 'after' || d.type === 'before') && 'parameter' in d.count
          ? d.count.parameter
          : undefined;
    if (pid) checkParameterRef(ctx, pid, 'obligations.yaml', ['rules', i, 'deadline'], p);
    if (r.events && d.type !== 'after' && d.type !== 'before' && d.type !== 'on-event')
      ctx.issues.add(
        'KB_SCHEMA',
        'obligations.yaml',
        ['rules', i, 'events'],
        `a rule set going by events counts from the event (after, before or on-event), not ${d.type}`,
        p,
      );
    if (d.type === 'yearly-window' && !d.parameter === !d.window)
      ctx.issues.add(
        'KB_SCHEMA',
        'obligations.yaml',
        ['rules', i, 'deadline'],
        'a yearly window names either a parameter or a window, not both or neither',
        p,
      );
  });
}
