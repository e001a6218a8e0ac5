/**
 * Checks of `deploy/`, the files the monitoring guide tells a platform team to install. The checks
 * are this package's tests; it exports only where those files are.
 *
 * @packageDocumentation
 */
export { deployDir, readDeployFile, readDeployYaml } from './deployFiles';
