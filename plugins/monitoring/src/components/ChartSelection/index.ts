export { useSpanSelection } from './useSpanSelection';
