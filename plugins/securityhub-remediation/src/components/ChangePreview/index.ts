export { ChangePreviewView } from './ChangePreviewView';
