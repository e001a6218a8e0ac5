/**
 * Scaffolder actions that provision monitoring for a new service.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMonitoring as default } from './module';
