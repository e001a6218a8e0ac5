export { PanelCard } from './PanelCard';
export type { PanelSelectionActions } from './PanelCard';
export { TimeSeriesChart } from './TimeSeriesChart';
export type { ChartWindow } from './chartWindow';
export type { ChartRange } from './chartRange';
