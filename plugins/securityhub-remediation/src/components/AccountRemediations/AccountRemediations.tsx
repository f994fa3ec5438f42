import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { RemediationsList } from '../RemediationsList';

/** The remediations of one AWS account, for the account's entity tab. */
export function AccountRemediations(props: { accountId: string }) {
  return (
    <Paper
      component="section"
      style={{ padding: 16 }}
      aria-labelledby="account-remediations-title"
    >
      <Typography variant="h6" component="h2" id="account-remediations-title">
        Remediations
      </Typography>
      <RemediationsList
        query={{ accountId: props.accountId }}
        hideAccount
        showFilters
        pageSize={10}
        emptyText="No remediations for this account yet."
      />
    </Paper>
  );
}
