import { formatRelativeTime, formatTimestamp } from '../../format';

/**
 * A relative time ("3 hours ago") with the absolute UTC time as tooltip, or
 * an em dash when there is no timestamp.
 */
export function RelativeTime(props: { value: string | null | undefined }) {
  if (!props.value) return <>—</>;
  return (
    <time dateTime={props.value} title={formatTimestamp(props.value)}>
      {formatRelativeTime(props.value)}
    </time>
  );
}
