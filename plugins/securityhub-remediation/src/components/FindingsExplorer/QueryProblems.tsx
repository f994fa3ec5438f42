import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import type { QueryProblem } from './findingsQuery';

/**
 * The URL values the explorer could not use (a mistyped shared link), each
 * named with its parameter, with a button to drop it; the rest of the URL
 * applies meanwhile.
 */
export function QueryProblems(props: {
  problems: QueryProblem[];
  onDrop: (problem: QueryProblem) => void;
}) {
  return (
    <>
      {props.problems.map(problem => (
        <Alert
          key={`${problem.param}=${problem.value}`}
          severity="error"
          data-testid="query-problem"
          style={{ marginBottom: 8 }}
          action={
            <Button
              color="inherit"
              size="small"
              onClick={() => props.onDrop(problem)}
              aria-label={`Remove ${problem.param}=${problem.value} from the address`}
            >
              Remove
            </Button>
          }
        >
          {`The address has ${problem.param}=${problem.value}, which is ignored: ${problem.param} ${problem.message}. The other filters apply.`}
        </Alert>
      ))}
    </>
  );
}
