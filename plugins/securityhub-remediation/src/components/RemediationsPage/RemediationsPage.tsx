import { Route, Routes, useParams } from 'react-router-dom';
import Typography from '@material-ui/core/Typography';
import { Content } from '@backstage/core-components';
import { RemediationsList } from '../RemediationsList';
import { RemediationTimeline } from '../RemediationTimeline';

function RemediationRoute() {
  const { id } = useParams();
  return <RemediationTimeline id={id ?? ''} />;
}

/** `/securityhub/remediations` lists them; `/:id` follows one. */
export function RemediationsPageContent() {
  return (
    <Content>
      <Routes>
        <Route
          path="/"
          element={
            <>
              <Typography variant="h5" component="h2" gutterBottom>
                Remediations
              </Typography>
              <RemediationsList showFilters />
            </>
          }
        />
        <Route path=":id" element={<RemediationRoute />} />
      </Routes>
    </Content>
  );
}
