export { PanelCard } from './PanelCard';
export { TimeSeriesChart } from './TimeSeriesChart';
