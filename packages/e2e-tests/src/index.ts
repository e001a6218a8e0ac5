export { startProduct } from './product';
export type { RunningProduct } from './product';
