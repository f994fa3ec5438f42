export { AccountRemediations } from './AccountRemediations';
