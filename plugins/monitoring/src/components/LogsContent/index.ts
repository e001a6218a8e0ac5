export { LogsContent } from './LogsContent';
