import Box from '@material-ui/core/Box';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CloseIcon from '@material-ui/icons/Close';
import { RemediationChat, type RemediationChatProps } from './RemediationChat';

const useStyles = makeStyles(theme => ({
  paper: {
    width: 1080,
    maxWidth: '100vw',
    display: 'flex',
    flexDirection: 'column',
  },
  bar: {
    display: 'flex',
    alignItems: 'center',
    padding: theme.spacing(1, 1, 1, 2),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
}));

export interface RemediationChatDrawerProps extends RemediationChatProps {
  open: boolean;
  onClose: () => void;
}

/**
 * The chat panel in a drawer from the right. Closing it unmounts the panel,
 * which stops an answer still streaming.
 */
export function RemediationChatDrawer(props: RemediationChatDrawerProps) {
  const { open, onClose, ...chatProps } = props;
  const classes = useStyles();
  return (
    <Drawer
      anchor="right"
      open={open}
      onClose={onClose}
      PaperProps={
        {
          className: classes.paper,
          role: 'dialog',
          'aria-label': 'Remediation assistant',
        } as object
      }
    >
      {open && (
        <>
          <Box className={classes.bar}>
            <Typography variant="subtitle1" component="p" style={{ flex: 1 }}>
              Remediation assistant
            </Typography>
            <IconButton
              aria-label="Close the remediation assistant"
              onClick={onClose}
            >
              <CloseIcon />
            </IconButton>
          </Box>
          <Box flex={1} minHeight={0}>
            <RemediationChat {...chatProps} />
          </Box>
        </>
      )}
    </Drawer>
  );
}
