export { RemediationsPageContent } from './RemediationsPage';
