import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { CopyTextButton } from '@backstage/core-components';
import { CodeBlock } from '../RemediationChat/CodeBlock';

function StagedFile(props: { title: string; language: string; text: string }) {
  return (
    <Accordion TransitionProps={{ unmountOnExit: true }}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography>{props.title}</Typography>
      </AccordionSummary>
      <AccordionDetails style={{ display: 'block' }}>
        <Box display="flex" justifyContent="flex-end">
          <CopyTextButton
            text={props.text}
            aria-label={`Copy ${props.title}`}
            tooltipText="Copied"
          />
        </Box>
        <CodeBlock
          label={props.title}
          language={props.language}
          text={props.text}
        />
      </AccordionDetails>
    </Accordion>
  );
}

/** The template and parameters exactly as staged, collapsed until asked for. */
export function StagedFiles(props: {
  templateName: string;
  templateYaml: string;
  parametersJson: string;
}) {
  return (
    <Box>
      <StagedFile
        title={`deploy/${props.templateName}.yaml`}
        language="yaml"
        text={props.templateYaml}
      />
      <StagedFile
        title={`deploy/parameters/${props.templateName}-params.json`}
        language="json"
        text={props.parametersJson}
      />
    </Box>
  );
}
