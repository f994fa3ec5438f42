import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type { ChatQuestion } from '@internal/plugin-securityhub-remediation-common';

/** A question back to the user; each option sends its value as the reply. */
export function QuestionPrompt(props: {
  question: ChatQuestion;
  /** Undefined once the conversation has moved on. */
  onAnswer?: (value: string) => void;
}) {
  const { question, onAnswer } = props;
  return (
    <Box my={1} role="group" aria-label="Question from the assistant">
      <Typography variant="body2" paragraph>
        <strong>{question.text}</strong>
      </Typography>
      {!!question.options?.length && (
        <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
          {question.options.map(option => (
            <Button
              key={option.value}
              variant="outlined"
              size="small"
              color="primary"
              disabled={!onAnswer}
              onClick={() => onAnswer?.(option.value)}
            >
              {option.label}
            </Button>
          ))}
        </Box>
      )}
    </Box>
  );
}
