import { lazy, Suspense, useState } from 'react';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { Progress } from '@backstage/core-components';
import type { FindingsTrendsPanelProps } from './FindingsTrendsPanel';

// The charts and their library load when the section first opens: the
// findings page's first paint does not wait for them.
const FindingsTrendsPanel = lazy(() => import('./FindingsTrendsPanel'));

/** A collapsible "Trends" section over the findings (closed at first). */
export function FindingsTrendsSection(props: FindingsTrendsPanelProps) {
  const [open, setOpen] = useState(false);
  return (
    <Accordion
      expanded={open}
      onChange={(_event, expanded) => setOpen(expanded)}
      TransitionProps={{ unmountOnExit: true }}
      data-testid="findings-trends"
    >
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls="findings-trends-content"
        id="findings-trends-header"
      >
        <Typography variant="h6" component="h2">
          Trends
        </Typography>
      </AccordionSummary>
      <AccordionDetails id="findings-trends-content">
        <div style={{ width: '100%' }}>
          <Suspense fallback={<Progress />}>
            <FindingsTrendsPanel {...props} />
          </Suspense>
        </div>
      </AccordionDetails>
    </Accordion>
  );
}
